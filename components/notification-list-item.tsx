"use client";

import { t, type Locale } from "@/lib/i18n/messages";
import type { NotificationItem } from "./notification-types";
import { RelativeTime } from "./relative-time";
import { ServiceIcon, serviceOfSource } from "./service-icon";

/** One row of the bell's list. Every field is rendered as text; the link only if it is http(s) or a path. */
export function NotificationListItem({ item, locale }: { item: NotificationItem; locale: Locale }) {
  const unread = item.readAt === null;
  const service = serviceOfSource(item.source);
  const href = safeHref(item.link);
  const rowClass =
    "flex gap-3 px-4 py-3 text-left transition-colors hover:bg-surface-hover focus-visible:bg-surface-hover focus-visible:-outline-offset-2";

  const content = (
    <>
      <ServiceIcon service={service} />
      <div className="min-w-0 flex-1">
        <p
          data-testid="notification-title"
          className={`text-sm leading-snug ${unread ? "font-semibold text-fg" : "font-normal text-fg"}`}
        >
          {item.title}
        </p>
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
          <RelativeTime iso={item.createdAt} locale={locale} />
        </p>
      </div>
      <span className="flex w-2 shrink-0 justify-center pt-1.5">
        {unread ? (
          <span data-testid="notification-unread-dot" className="size-2 rounded-full bg-accent">
            <span className="sr-only">{t(locale, "bell.unread")}</span>
          </span>
        ) : null}
      </span>
    </>
  );

  return (
    <li data-testid="notification-item" data-id={item.id} data-unread={unread ? "true" : "false"}>
      {href ? (
        <a href={href} className={rowClass}>
          {content}
        </a>
      ) : (
        <div className={rowClass}>{content}</div>
      )}
    </li>
  );
}

// Links come from event producers (notification.custom takes any string); only a path on this
// site or an http(s) URL becomes a link, never javascript: or data:.
function safeHref(link: string | null): string | null {
  if (!link) return null;
  try {
    const url = new URL(link, "https://groupware.invalid");
    return url.protocol === "https:" || url.protocol === "http:" ? link : null;
  } catch {
    return null;
  }
}
