"use client";

import { intlLocale, type Locale } from "@/lib/i18n/locale";
import { t } from "@/lib/i18n/messages";
import { safeLink } from "@/lib/notifications/safe-link";
import { AcknowledgeButton } from "./acknowledge-button";
import { ActorAvatar } from "./actor-avatar";
import { ApprovalActions } from "./approval-actions";
import { NotificationStatusBadge } from "./notification-status-badge";
import type { NotificationItem } from "./notification-types";
import { isSettled } from "./notifications-reducer";
import { RelativeTime } from "./relative-time";
import { ServiceIcon, serviceOfSource } from "./service-icon";
import { SnoozeMenu } from "./snooze-menu";
import { StrokeIcon } from "./stroke-icon";
import { isThreadRow, threadCountLabel, threadSubject } from "./thread-heading";

interface Props {
  item: NotificationItem;
  locale: Locale;
  /** The row was clicked: it is being opened, so it is read. */
  onOpen: (item: NotificationItem) => void;
  onToggleRead: (item: NotificationItem) => void;
  /** "relative" (3분 전) in the bell; "clock" (14:05) under a day's heading. */
  time?: "relative" | "clock";
  /** In the threads view: a row that stands for several notifications opens its thread in place. */
  onOpenThread?: (row: NotificationItem) => void;
}

const PRIMARY_CLASS =
  "block text-left text-sm leading-snug text-fg outline-none after:absolute after:inset-0 after:content-[''] focus-visible:after:rounded-lg focus-visible:after:ring-2 focus-visible:after:ring-accent focus-visible:after:ring-inset";

/**
 * One notification: who (initials) and which service (its icon), the text in the reader's
 * language, when, an unread dot, and a button to mark it read or unread. The whole row opens the
 * notification's link; every field is rendered as text. A settled one (resolved, cancelled) is
 * muted with its outcome and never looks like something to do; a cancelled one is no link. A
 * pending approval request has its Approve and Reject buttons.
 */
export function NotificationListItem({ item, locale, onOpen, onToggleRead, time = "relative", onOpenThread }: Props) {
  if (onOpenThread && isThreadRow(item)) return <ThreadRow row={item} locale={locale} onOpen={onOpenThread} time={time} />;
  const unread = item.readAt === null;
  const settled = isSettled(item);
  // Unread still, but nothing to do about it: no emphasis.
  const emphasis = unread && !settled;
  const service = serviceOfSource(item.source);
  const href = item.status === "cancelled" ? null : safeLink(item.link, "any host");
  const title = <span className={emphasis ? "font-semibold" : "font-normal text-fg-muted"}>{item.title}</span>;

  return (
    <li
      data-testid="notification-item"
      data-id={item.id}
      data-unread={unread ? "true" : "false"}
      data-status={item.status}
      data-settled={settled ? "true" : "false"}
      className={`group relative flex gap-3 py-3 pr-2 pl-4 transition-colors hover:bg-surface-hover ${settled ? "bg-surface-muted/60" : ""}`}
    >
      {emphasis ? (
        <span
          data-testid="notification-unread-dot"
          aria-hidden="true"
          className="absolute top-[1.625rem] left-1.5 size-1.5 rounded-full bg-accent"
        />
      ) : null}
      {item.actor ? <ActorAvatar name={item.actor.name} service={service} /> : <ServiceIcon service={service} size="lg" />}

      <div className="min-w-0 flex-1">
        {href ? (
          <a href={href} data-row-primary="" data-testid="notification-title" onClick={() => onOpen(item)} className={PRIMARY_CLASS}>
            {title}
          </a>
        ) : (
          <button type="button" data-row-primary="" data-testid="notification-title" onClick={() => onOpen(item)} className={PRIMARY_CLASS}>
            {title}
          </button>
        )}
        {item.body ? (
          <p className={`mt-0.5 line-clamp-2 text-sm leading-snug ${settled ? "text-fg-subtle" : "text-fg-muted"}`}>{item.body}</p>
        ) : null}
        <p className="mt-1 flex flex-wrap items-center gap-x-1.5 gap-y-1 text-xs text-fg-subtle">
          <NotificationStatusBadge item={item} locale={locale} />
          {item.ack?.required && item.ack.at === null ? (
            <span data-testid="notification-must-read" className="rounded-full bg-accent-soft px-1.5 py-0.5 font-medium text-accent">
              {t(locale, "bell.mustRead")}
            </span>
          ) : null}
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
        <ApprovalActions item={item} locale={locale} />
        <AcknowledgeButton item={item} locale={locale} />
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
      {/* After marking read or unread, the row's first control from the keyboard. */}
      <SnoozeMenu item={item} locale={locale} />
    </li>
  );
}

/** A thread of several notifications: how many and about what, the newest one's text, its unread count; opens in place. */
function ThreadRow({
  row,
  locale,
  onOpen,
  time,
}: {
  row: NotificationItem;
  locale: Locale;
  onOpen: (row: NotificationItem) => void;
  time: "relative" | "clock";
}) {
  const unread = row.threadUnread ?? (row.readAt === null ? 1 : 0);
  const settled = isSettled(row);
  const service = serviceOfSource(row.source);
  const heading = `${threadCountLabel(row, locale)} · ${threadSubject(row)}`;
  return (
    <li
      data-testid="notification-thread"
      data-id={row.id}
      data-thread={row.thread ?? ""}
      data-unread={unread > 0 ? "true" : "false"}
      data-status={row.status}
      className="group relative flex gap-3 py-3 pr-2 pl-4 transition-colors hover:bg-surface-hover"
    >
      {unread > 0 && !settled ? (
        <span aria-hidden="true" className="absolute top-[1.625rem] left-1.5 size-1.5 rounded-full bg-accent" />
      ) : null}
      <span className="relative shrink-0">
        <ServiceIcon service={service} size="lg" />
        <span
          aria-hidden="true"
          className="absolute -right-1 -bottom-1 inline-flex h-4 min-w-4 items-center justify-center rounded-full bg-fg px-1 text-[0.625rem] leading-none font-semibold text-surface tabular-nums ring-2 ring-surface"
        >
          {row.threadCount}
        </span>
      </span>
      <div className="min-w-0 flex-1">
        <button
          type="button"
          data-row-primary=""
          data-testid="thread-open"
          onClick={() => onOpen(row)}
          aria-label={`${heading}${unread > 0 ? `, ${t(locale, "thread.unreadLabel", { count: unread })}` : ""}`}
          className={PRIMARY_CLASS}
        >
          <span className={unread > 0 && !settled ? "font-semibold" : "font-normal text-fg-muted"}>{heading}</span>
        </button>
        {row.body ? <p className="mt-0.5 line-clamp-1 text-sm leading-snug text-fg-muted">{row.body}</p> : null}
        <p className="mt-1 flex flex-wrap items-center gap-x-1.5 gap-y-1 text-xs text-fg-subtle">
          <NotificationStatusBadge item={row} locale={locale} />
          {unread > 0 ? (
            <span
              aria-hidden="true"
              data-testid="thread-unread"
              className="rounded-full bg-accent-soft px-1.5 py-0.5 font-medium whitespace-nowrap text-accent"
            >
              {t(locale, "thread.unread", { count: unread })}
            </span>
          ) : null}
          <span>{t(locale, `service.${service}`)}</span>
          <span aria-hidden="true">·</span>
          {time === "clock" ? <ClockTime iso={row.createdAt} locale={locale} /> : <RelativeTime iso={row.createdAt} locale={locale} />}
        </p>
      </div>
      <StrokeIcon className="size-4 shrink-0 self-center text-fg-subtle">
        <path d="m9 6 6 6-6 6" />
      </StrokeIcon>
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
