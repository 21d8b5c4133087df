"use client";

import { intlLocale, type Locale } from "@/lib/i18n/locale";
import { t } from "@/lib/i18n/messages";
import { safeLink } from "@/lib/notifications/safe-link";
import { ActorAvatar } from "./actor-avatar";
import type { NotificationItem } from "./notification-types";
import { RelativeTime } from "./relative-time";
import { ServiceIcon, serviceOfSource } from "./service-icon";
import { StrokeIcon } from "./stroke-icon";

interface Props {
  item: NotificationItem;
  locale: Locale;
  /** The row was clicked: it is being opened, so it is read. */
  onOpen: (item: NotificationItem) => void;
  onToggleRead: (item: NotificationItem) => void;
  /** "relative" (3분 전) in the bell; "clock" (14:05) under a day's heading. */
  time?: "relative" | "clock";
}

/**
 * One notification: who (initials) and which service (its icon), the text in the reader's
 * language, when, an unread dot, and a button to mark it read or unread. The whole row opens the
 * notification's link; every field is rendered as text.
 */
export function NotificationListItem({ item, locale, onOpen, onToggleRead, time = "relative" }: Props) {
  const unread = item.readAt === null;
  const service = serviceOfSource(item.source);
  const href = safeLink(item.link, "any host");
  const primaryClass =
    "block text-left text-sm leading-snug text-fg outline-none after:absolute after:inset-0 after:content-[''] focus-visible:after:rounded-lg focus-visible:after:ring-2 focus-visible:after:ring-accent focus-visible:after:ring-inset";
  const title = <span className={unread ? "font-semibold" : "font-normal text-fg-muted"}>{item.title}</span>;

  return (
    <li
      data-testid="notification-item"
      data-id={item.id}
      data-unread={unread ? "true" : "false"}
      className="group relative flex gap-3 py-3 pr-2 pl-4 transition-colors hover:bg-surface-hover"
    >
      {unread ? (
        <span
          data-testid="notification-unread-dot"
          aria-hidden="true"
          className="absolute top-[1.625rem] left-1.5 size-1.5 rounded-full bg-accent"
        />
      ) : null}
      {item.actor ? <ActorAvatar name={item.actor.name} service={service} /> : <ServiceIcon service={service} size="lg" />}

      <div className="min-w-0 flex-1">
        {href ? (
          <a href={href} data-row-primary="" data-testid="notification-title" onClick={() => onOpen(item)} className={primaryClass}>
            {title}
          </a>
        ) : (
          <button type="button" data-row-primary="" data-testid="notification-title" onClick={() => onOpen(item)} className={primaryClass}>
            {title}
          </button>
        )}
        {item.body ? <p className="mt-0.5 line-clamp-2 text-sm leading-snug text-fg-muted">{item.body}</p> : null}
        <p className="mt-1 flex flex-wrap items-center gap-x-1.5 text-xs text-fg-subtle">
          <span>{t(locale, `service.${service}`)}</span>
          {item.actor ? (
            <>
              <span aria-hidden="true">·</span>
              <span>{item.actor.name}</span>
            </>
          ) : null}
          <span aria-hidden="true">·</span>
          {time === "clock" ? <ClockTime iso={item.createdAt} locale={locale} /> : <RelativeTime iso={item.createdAt} locale={locale} />}
          {unread ? <span className="sr-only">, {t(locale, "bell.unread")}</span> : null}
        </p>
      </div>

      <button
        type="button"
        data-testid="notification-toggle-read"
        onClick={() => onToggleRead(item)}
        aria-label={`${t(locale, unread ? "bell.markRead" : "bell.markUnread")}: ${item.title}`}
        title={t(locale, unread ? "bell.markRead" : "bell.markUnread")}
        className="relative z-10 inline-flex size-8 shrink-0 items-center justify-center self-start rounded-lg text-fg-subtle transition-[color,background-color,opacity] hover:bg-surface-muted hover:text-fg focus-visible:opacity-100 pointer-fine:opacity-0 pointer-fine:group-hover:opacity-100 pointer-fine:group-focus-within:opacity-100"
      >
        {unread ? (
          <StrokeIcon className="size-4">
            <path d="M20 6 9 17l-5-5" />
          </StrokeIcon>
        ) : (
          <StrokeIcon className="size-4">
            <circle cx="12" cy="12" r="3.5" fill="currentColor" stroke="none" />
            <circle cx="12" cy="12" r="8" />
          </StrokeIcon>
        )}
      </button>
    </li>
  );
}

function ClockTime({ iso, locale }: { iso: string; locale: Locale }) {
  const date = new Date(iso);
  const clock = new Intl.DateTimeFormat(intlLocale(locale), { hour: "numeric", minute: "2-digit" }).format(date);
  const full = new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: "long", timeStyle: "short" }).format(date);
  return (
    <time dateTime={iso} title={full}>
      {clock}
    </time>
  );
}
