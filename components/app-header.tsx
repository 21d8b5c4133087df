import Link from "next/link";
import { at } from "@/lib/i18n/admin-messages";
import type { Locale } from "@/lib/i18n/locale";
import { departmentName, t } from "@/lib/i18n/messages";
import { BrandMark } from "./brand-mark";
import { LanguageSwitch } from "./language-switch";
import { NotificationBell } from "./notification-bell";
import { SignOutButton } from "./sign-out-button";
import { StrokeIcon } from "./stroke-icon";

interface Props {
  user: { name: string; departmentId: string; role?: string };
  locale: Locale;
}

/** The header of every signed-in page (inside NotificationsProvider). */
export function AppHeader({ user, locale }: Props) {
  const department = departmentName(locale, user.departmentId);
  return (
    <header className="sticky top-0 z-40 border-b border-line bg-surface/85 backdrop-blur supports-[backdrop-filter]:bg-surface/75">
      <div className="mx-auto flex h-14 max-w-6xl items-center gap-2 px-3 sm:gap-3 sm:px-6">
        <Link href="/" className="flex min-w-0 items-center gap-2 rounded-lg text-[0.9375rem] font-semibold tracking-tight">
          <BrandMark />
          <span className="truncate max-[389px]:sr-only">{t(locale, "app.name")}</span>
        </Link>

        <div className="ml-auto flex items-center gap-1 sm:gap-2">
          {user.role === "ADMIN" ? (
            <Link
              href="/admin"
              data-testid="admin-link"
              className="inline-flex h-9 items-center rounded-lg px-2 text-sm font-medium text-fg-muted hover:bg-surface-hover hover:text-fg"
            >
              {at(locale, "nav.admin")}
            </Link>
          ) : null}
          <LanguageSwitch />
          <Link
            href="/settings/notifications"
            data-testid="settings-link"
            aria-label={t(locale, "settings.link")}
            title={t(locale, "settings.link")}
            className="inline-flex size-9 items-center justify-center rounded-lg text-fg-muted hover:bg-surface-hover hover:text-fg"
          >
            <StrokeIcon className="size-[1.125rem]">
              <circle cx="12" cy="12" r="3" />
              <path d="M19.4 15a1.7 1.7 0 0 0 .3 1.8l.1.1a2 2 0 1 1-2.8 2.8l-.1-.1a1.7 1.7 0 0 0-1.8-.3 1.7 1.7 0 0 0-1 1.5V21a2 2 0 1 1-4 0v-.1a1.7 1.7 0 0 0-1.1-1.5 1.7 1.7 0 0 0-1.8.3l-.1.1a2 2 0 1 1-2.8-2.8l.1-.1a1.7 1.7 0 0 0 .3-1.8 1.7 1.7 0 0 0-1.5-1H3a2 2 0 1 1 0-4h.1a1.7 1.7 0 0 0 1.5-1.1 1.7 1.7 0 0 0-.3-1.8l-.1-.1a2 2 0 1 1 2.8-2.8l.1.1a1.7 1.7 0 0 0 1.8.3H9a1.7 1.7 0 0 0 1-1.5V3a2 2 0 1 1 4 0v.1a1.7 1.7 0 0 0 1 1.5 1.7 1.7 0 0 0 1.8-.3l.1-.1a2 2 0 1 1 2.8 2.8l-.1.1a1.7 1.7 0 0 0-.3 1.8V9a1.7 1.7 0 0 0 1.5 1H21a2 2 0 1 1 0 4h-.1a1.7 1.7 0 0 0-1.5 1z" />
            </StrokeIcon>
          </Link>
          <NotificationBell />
          <span aria-hidden="true" className="mx-1 h-5 w-px bg-line" />
          <section className="flex min-w-0 items-center gap-2.5" aria-label={t(locale, "header.account")}>
            <span
              aria-hidden="true"
              className="hidden size-8 shrink-0 items-center justify-center rounded-full bg-accent-soft text-sm font-semibold text-accent sm:inline-flex"
            >
              {initialOf(user.name)}
            </span>
            <span className="flex min-w-0 flex-col leading-tight">
              <span data-testid="current-user-name" className="max-w-20 truncate text-sm font-medium sm:max-w-40">
                {user.name}
              </span>
              <span className="max-w-20 truncate text-xs text-fg-subtle sm:max-w-40">{department}</span>
            </span>
          </section>
          <SignOutButton locale={locale} />
        </div>
      </div>
    </header>
  );
}

function initialOf(name: string): string {
  return Array.from(name.trim())[0] ?? "?";
}
