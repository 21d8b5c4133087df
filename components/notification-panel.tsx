"use client";

import { useId, type Ref } from "react";
import { t, type Locale } from "@/lib/i18n/messages";
import { NotificationListItem } from "./notification-list-item";
import type { NotificationsState } from "./notifications-reducer";
import { BellGlyph } from "./stroke-icon";

interface Props {
  id: string;
  ref: Ref<HTMLDivElement>;
  locale: Locale;
  notifications: NotificationsState;
  onRetry: () => void;
}

/** The bell's dropdown: a non-modal dialog with the newest notifications. */
export function NotificationPanel({ id, ref, locale, notifications, onRetry }: Props) {
  const titleId = useId();
  const { status, items, unreadCount, connection } = notifications;

  return (
    <div
      id={id}
      ref={ref}
      role="dialog"
      aria-labelledby={titleId}
      tabIndex={-1}
      data-testid="notification-dropdown"
      className="fixed inset-x-2 top-16 z-50 flex max-h-[calc(100dvh-5rem)] flex-col overflow-hidden rounded-xl border border-line bg-surface shadow-popover outline-none sm:absolute sm:inset-x-auto sm:top-full sm:right-0 sm:mt-2 sm:max-h-[min(36rem,calc(100dvh-6rem))] sm:w-96 motion-safe:animate-pop-in"
    >
      <div className="flex items-center justify-between gap-3 border-b border-line px-4 py-3">
        <h2 id={titleId} className="text-sm font-semibold">
          {t(locale, "bell.panelTitle")}
        </h2>
        {unreadCount ? (
          <span className="rounded-full bg-accent-soft px-2 py-0.5 text-xs font-medium text-accent">
            {t(locale, "bell.unreadSummary", { count: unreadCount })}
          </span>
        ) : null}
      </div>

      {connection === "offline" ? (
        <p className="flex items-start gap-2 border-b border-line bg-surface-muted px-4 py-2 text-xs text-fg-muted">
          <span aria-hidden="true" className="mt-1 size-1.5 shrink-0 rounded-full bg-warning" />
          {t(locale, "connection.offlineDetail")}
        </p>
      ) : null}

      <div className="min-h-0 flex-1 overflow-y-auto overscroll-contain">
        {status === "loading" && items.length === 0 ? (
          <LoadingRows label={t(locale, "bell.loading")} />
        ) : status === "error" && items.length === 0 ? (
          <div className="flex flex-col items-center gap-3 px-6 py-10 text-center">
            <p className="text-sm text-fg-muted">{t(locale, "bell.loadError")}</p>
            <button
              type="button"
              onClick={onRetry}
              className="rounded-lg border border-line-strong px-3 py-1.5 text-sm font-medium hover:bg-surface-hover"
            >
              {t(locale, "bell.retry")}
            </button>
          </div>
        ) : items.length === 0 ? (
          <div data-testid="notification-empty" className="flex flex-col items-center px-6 py-12 text-center">
            <span aria-hidden="true" className="mb-3 inline-flex size-10 items-center justify-center rounded-full bg-surface-muted text-fg-subtle">
              <BellGlyph />
            </span>
            <p className="text-sm font-medium">{t(locale, "bell.empty")}</p>
            <p className="mt-1 max-w-64 text-xs text-fg-subtle">{t(locale, "bell.emptyHint")}</p>
          </div>
        ) : (
          <ul aria-label={t(locale, "bell.listLabel")} className="divide-y divide-line">
            {items.map((item) => (
              <NotificationListItem key={item.id} item={item} locale={locale} />
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}

function LoadingRows({ label }: { label: string }) {
  return (
    <div role="status" className="divide-y divide-line">
      <span className="sr-only">{label}</span>
      {[0, 1, 2].map((row) => (
        <div key={row} aria-hidden="true" className="flex gap-3 px-4 py-3">
          <span className="size-8 shrink-0 rounded-lg bg-surface-muted motion-safe:animate-pulse" />
          <span className="flex flex-1 flex-col gap-2 pt-1">
            <span className="h-3 w-3/4 rounded bg-surface-muted motion-safe:animate-pulse" />
            <span className="h-3 w-1/2 rounded bg-surface-muted motion-safe:animate-pulse" />
          </span>
        </div>
      ))}
    </div>
  );
}
