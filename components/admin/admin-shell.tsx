import Link from "next/link";
import type { ReactNode } from "react";
import { at } from "@/lib/i18n/admin-messages";
import type { Locale } from "@/lib/i18n/locale";

export type AdminSection = "dashboard" | "notifications" | "deadLetters" | "directory";

const SECTIONS: {
  section: AdminSection;
  href: string;
  label: "nav.dashboard" | "nav.notifications" | "nav.deadLetters" | "nav.directory";
}[] = [
  { section: "dashboard", href: "/admin", label: "nav.dashboard" },
  { section: "notifications", href: "/admin/notifications", label: "nav.notifications" },
  { section: "deadLetters", href: "/admin/dead-letters", label: "nav.deadLetters" },
  { section: "directory", href: "/admin/directory", label: "nav.directory" },
];

/** Every admin page: the section tabs, the page's heading and what it shows. */
export function AdminShell({
  locale,
  current,
  title,
  subtitle,
  actions,
  children,
}: {
  locale: Locale;
  current: AdminSection | null;
  title: ReactNode;
  subtitle?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
}) {
  return (
    <main className="mx-auto w-full max-w-6xl flex-1 px-4 py-6 sm:px-6 sm:py-8">
      <nav aria-label={at(locale, "nav.label")} className="-mx-1 overflow-x-auto">
        <ul className="flex w-max gap-1 rounded-lg bg-surface-muted p-0.5">
          {SECTIONS.map(({ section, href, label }) => (
            <li key={section}>
              <Link
                href={href}
                aria-current={current === section ? "page" : undefined}
                className="inline-flex min-h-8 items-center rounded-md px-3 text-sm font-medium whitespace-nowrap text-fg-muted transition-colors hover:text-fg aria-[current=page]:bg-surface aria-[current=page]:text-fg aria-[current=page]:shadow-sm"
              >
                {at(locale, label)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <div className="mt-6 flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-0">
          <h1 className="text-2xl font-semibold tracking-tight break-words">{title}</h1>
          {subtitle ? <p className="mt-1 max-w-3xl text-sm leading-relaxed text-fg-muted">{subtitle}</p> : null}
        </div>
        {actions}
      </div>
      {children}
    </main>
  );
}
