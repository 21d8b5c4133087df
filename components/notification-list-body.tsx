"use client";

import { type RefObject, useEffect, useRef } from "react";
import type { ListFilter } from "@/lib/client/notifications-api";
import type { Locale } from "@/lib/i18n/locale";
import { t } from "@/lib/i18n/messages";
import { NotificationListItem } from "./notification-list-item";
import type { NotificationItem } from "./notification-types";
import { useNotificationsContext } from "./notifications-provider";
import { BellGlyph } from "./stroke-icon";
import type { NotificationList } from "./use-notification-list";

/**
 * The bell's scrolling list: loading, error and empty states, the rows, and older rows loaded as
 * the end of the list scrolls into view.
 */
export function NotificationListBody({
  list,
  filter,
  label,
  onOpenThread,
}: {
  list: NotificationList;
  filter: ListFilter;
  /** The list's accessible name (an opened thread names its item). */
  label?: string;
  /** The threads view: rows that stand for several notifications open their thread. */
  onOpenThread?: (row: NotificationItem) => void;
}) {
  const { locale, setRead } = useNotificationsContext();
  const scrollRef = useRef<HTMLDivElement>(null);
  const { status, pinned } = list;
  // Must-read notices not yet acknowledged come first, once (PRODUCT.md §12); an opened thread shows its own rows only.
  const shownPinned = filter.thread ? [] : pinned;
  const pinnedIds = new Set(shownPinned.map((item) => item.id));
  const items = list.items.filter((item) => !pinnedIds.has(item.id));
  const row = (item: NotificationItem) => (
    <NotificationListItem
      key={item.id}
      item={item}
      locale={locale}
      onOpen={(opened) => void setRead(opened, true)}
      onToggleRead={(toggled) => void setRead(toggled, toggled.readAt === null)}
      onOpenThread={onOpenThread}
    />
  );

  return (
    <div ref={scrollRef} className="min-h-0 flex-1 overflow-y-auto overscroll-contain">
      {status === "loading" && items.length === 0 ? (
        <LoadingRows label={t(locale, "bell.loading")} />
      ) : status === "error" && items.length === 0 ? (
        <ErrorState locale={locale} onRetry={list.retry} />
      ) : items.length === 0 && shownPinned.length === 0 ? (
        <EmptyState locale={locale} filter={filter} />
      ) : (
        <>
          {shownPinned.length > 0 ? (
            <ul
              data-testid="notification-pinned"
              aria-label={t(locale, "bell.pinnedLabel")}
              className="divide-y divide-line border-b-2 border-accent/40 bg-accent-soft/30"
            >
              {shownPinned.map(row)}
            </ul>
          ) : null}
          <ul aria-label={label ?? t(locale, "bell.listLabel")} className="divide-y divide-line">
            {items.map(row)}
          </ul>
          <MoreRows list={list} locale={locale} scrollRoot={scrollRef} />
        </>
      )}
    </div>
  );
}

function MoreRows({ list, locale, scrollRoot }: { list: NotificationList; locale: Locale; scrollRoot: RefObject<HTMLDivElement | null> }) {
  const sentinel = useRef<HTMLDivElement>(null);
  const { nextCursor, more, loadMore, items } = list;

  // A fresh observer after every page: it reports at once whether the end is still in view
  // (a short page), which an observer that already saw it would not.
  // biome-ignore lint/correctness/useExhaustiveDependencies: items.length is what makes it fresh after each page
  useEffect(() => {
    if (!nextCursor || more !== "idle" || !sentinel.current) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) loadMore();
      },
      {
        root: scrollRoot.current,
        rootMargin: "0px 0px 160px 0px",
      },
    );
    observer.observe(sentinel.current);
    return () => observer.disconnect();
  }, [nextCursor, more, loadMore, scrollRoot, items.length]);

  if (more === "error") {
    return (
      <div className="flex items-center justify-center gap-3 border-t border-line px-4 py-3 text-xs text-fg-muted">
        {t(locale, "bell.loadMoreError")}
        <RetryButton locale={locale} onRetry={loadMore} size="small" />
      </div>
    );
  }
  if (!nextCursor) {
    return items.length > 5 ? (
      <p className="border-t border-line px-4 py-3 text-center text-xs text-fg-subtle">{t(locale, "bell.end")}</p>
    ) : null;
  }
  return (
    <div ref={sentinel} role="status" className="border-t border-line px-4 py-3 text-center text-xs text-fg-subtle">
      {more === "loading" ? t(locale, "bell.loadingMore") : ""}
    </div>
  );
}

export function LoadingRows({ label }: { label: string }) {
  return (
    <div role="status" className="divide-y divide-line">
      <span className="sr-only">{label}</span>
      {[0, 1, 2].map((row) => (
        <div key={row} aria-hidden="true" className="flex gap-3 px-4 py-3">
          <span className="size-10 shrink-0 rounded-full bg-surface-muted motion-safe:animate-pulse" />
          <span className="flex flex-1 flex-col gap-2 pt-1">
            <span className="h-3 w-3/4 rounded bg-surface-muted motion-safe:animate-pulse" />
            <span className="h-3 w-1/2 rounded bg-surface-muted motion-safe:animate-pulse" />
          </span>
        </div>
      ))}
    </div>
  );
}

export function ErrorState({ locale, onRetry }: { locale: Locale; onRetry: () => void }) {
  return (
    <div data-testid="notification-error" className="flex flex-col items-center gap-3 px-6 py-10 text-center">
      <p className="text-sm text-fg-muted">{t(locale, "bell.loadError")}</p>
      <RetryButton locale={locale} onRetry={onRetry} size="normal" />
    </div>
  );
}

export function EmptyState({ locale, filter }: { locale: Locale; filter: ListFilter }) {
  const [title, hint] =
    filter.read === "unread"
      ? (["bell.emptyUnread", "bell.emptyUnreadHint"] as const)
      : filter.read === "todo"
        ? (["bell.emptyTodo", "bell.emptyTodoHint"] as const)
        : filter.source
          ? (["bell.emptySource", null] as const)
          : (["bell.empty", "bell.emptyHint"] as const);
  return (
    <div data-testid="notification-empty" className="flex flex-col items-center px-6 py-12 text-center">
      <span
        aria-hidden="true"
        className="mb-3 inline-flex size-10 items-center justify-center rounded-full bg-surface-muted text-fg-subtle"
      >
        <BellGlyph />
      </span>
      <p className="text-sm font-medium">{t(locale, title)}</p>
      {hint ? <p className="mt-1 max-w-64 text-xs text-fg-subtle">{t(locale, hint)}</p> : null}
    </div>
  );
}

function RetryButton({ locale, onRetry, size }: { locale: Locale; onRetry: () => void; size: "small" | "normal" }) {
  const spacing = size === "small" ? "px-2 py-1 text-fg" : "px-3 py-1.5 text-sm";
  return (
    <button
      type="button"
      onClick={onRetry}
      className={`rounded-lg border border-line-strong font-medium hover:bg-surface-hover ${spacing}`}
    >
      {t(locale, "bell.retry")}
    </button>
  );
}
