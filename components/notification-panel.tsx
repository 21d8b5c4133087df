"use client";

import Link from "next/link";
import { type KeyboardEvent, type Ref, useId } from "react";
import type { ListFilter } from "@/lib/client/notifications-api";
import { t } from "@/lib/i18n/messages";
import { NotificationFilters } from "./notification-filters";
import { NotificationListBody } from "./notification-list-body";
import { NotificationThreadView } from "./notification-thread-view";
import type { NotificationItem } from "./notification-types";
import { useNotificationsContext } from "./notifications-provider";
import type { NotificationList } from "./use-notification-list";

interface Props {
  id: string;
  ref: Ref<HTMLDivElement>;
  list: NotificationList;
  filter: ListFilter;
  onFilterChange: (filter: ListFilter) => void;
  onNavigate: () => void;
  /** The thread open in place, if any. */
  thread: NotificationItem | null;
  onOpenThread: (row: NotificationItem) => void;
  onCloseThread: () => void;
}

/**
 * The bell's dropdown: a non-modal dialog with the newest notifications, filters, "mark all read",
 * and older ones as the list is scrolled. Up and down arrows move between notifications.
 */
export function NotificationPanel({ id, ref, list, filter, onFilterChange, onNavigate, thread, onOpenThread, onCloseThread }: Props) {
  const titleId = useId();
  const { locale, unreadCount, actionCount, status, markAllRead } = useNotificationsContext();

  return (
    <div
      id={id}
      ref={ref}
      role="dialog"
      aria-labelledby={titleId}
      tabIndex={-1}
      data-testid="notification-dropdown"
      onKeyDown={moveBetweenRows}
      className="fixed inset-x-2 top-16 z-50 flex max-h-[calc(100dvh-5rem)] flex-col overflow-hidden rounded-xl border border-line bg-surface shadow-popover outline-none sm:absolute sm:inset-x-auto sm:top-full sm:right-0 sm:mt-2 sm:max-h-[min(38rem,calc(100dvh-6rem))] sm:w-[26rem] motion-safe:animate-pop-in"
    >
      <div className="flex items-center justify-between gap-3 px-4 pt-3 pb-2">
        <div className="flex min-w-0 items-center gap-2">
          <h2 id={titleId} className="text-sm font-semibold">
            {t(locale, "bell.panelTitle")}
          </h2>
          {unreadCount ? (
            <span className="rounded-full bg-accent-soft px-2 py-0.5 text-xs font-medium whitespace-nowrap text-accent">
              {t(locale, "bell.unreadSummary", { count: unreadCount })}
            </span>
          ) : null}
          {actionCount ? (
            <span
              data-testid="todo-count"
              className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium whitespace-nowrap text-amber-800 dark:bg-amber-500/15 dark:text-amber-300"
            >
              {t(locale, "bell.todoSummary", { count: actionCount })}
            </span>
          ) : null}
        </div>
        {thread ? null : (
          <button
            type="button"
            data-testid="mark-all-read"
            onClick={() => void markAllRead()}
            disabled={!unreadCount}
            title={t(locale, "bell.markAllReadLabel")}
            className="shrink-0 rounded-lg px-2 py-1 text-xs font-semibold text-accent transition-colors hover:bg-accent-soft disabled:cursor-default disabled:text-fg-subtle disabled:hover:bg-transparent"
          >
            {t(locale, "bell.markAllRead")}
          </button>
        )}
      </div>

      {thread ? null : (
        <div className="border-b border-line px-4 pb-3">
          <NotificationFilters filter={filter} onChange={onFilterChange} locale={locale} />
        </div>
      )}

      {status === "reconnecting" || status === "offline" ? (
        <p className="flex items-start gap-2 border-b border-line bg-surface-muted px-4 py-2 text-xs text-fg-muted">
          <span aria-hidden="true" className={`mt-1 size-1.5 shrink-0 rounded-full ${status === "offline" ? "bg-danger" : "bg-warning"}`} />
          {t(locale, status === "offline" ? "connection.offlineDetail" : "connection.reconnectingDetail")}
        </p>
      ) : null}

      {thread ? (
        <NotificationThreadView key={thread.thread} row={thread} onBack={onCloseThread} />
      ) : (
        <NotificationListBody list={list} filter={filter} onOpenThread={filter.view === "threads" ? onOpenThread : undefined} />
      )}

      <div className="flex border-t border-line">
        <Link
          href="/notifications"
          onClick={onNavigate}
          className="block flex-1 px-4 py-2.5 text-center text-sm font-medium text-accent transition-colors hover:bg-surface-hover focus-visible:-outline-offset-2"
        >
          {t(locale, "bell.viewAll")}
        </Link>
        <Link
          href="/settings/notifications"
          onClick={onNavigate}
          data-testid="bell-settings"
          className="block border-l border-line px-4 py-2.5 text-center text-sm font-medium text-fg-muted transition-colors hover:bg-surface-hover hover:text-fg focus-visible:-outline-offset-2"
        >
          {t(locale, "settings.link")}
        </Link>
      </div>
    </div>
  );
}

/** Up/Down move between notifications, Home/End to the first and last; native controls keep their arrows. */
export function moveBetweenRows(event: KeyboardEvent<HTMLElement>): void {
  if (!["ArrowDown", "ArrowUp", "Home", "End"].includes(event.key)) return;
  const target = event.target as HTMLElement;
  if (target.closest("fieldset, select, input, textarea")) return;
  const rows = Array.from(event.currentTarget.querySelectorAll<HTMLElement>("[data-row-primary]"));
  if (rows.length === 0) return;
  const current = rows.findIndex((row) => row.closest("li")?.contains(target));
  const last = rows.length - 1;
  const next = {
    ArrowDown: current < 0 ? 0 : Math.min(last, current + 1),
    ArrowUp: current < 0 ? last : Math.max(0, current - 1),
    Home: 0,
    End: last,
  }[event.key as "ArrowDown" | "ArrowUp" | "Home" | "End"];
  event.preventDefault();
  rows[next]?.focus();
  rows[next]?.scrollIntoView({ block: "nearest" });
}
