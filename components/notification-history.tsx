"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useMemo, useRef } from "react";
import type { ListFilter } from "@/lib/client/notifications-api";
import { t } from "@/lib/i18n/messages";
import { groupByDay } from "./day-groups";
import { NotificationFilters, sourceOfService } from "./notification-filters";
import { EmptyState, ErrorState, LoadingRows } from "./notification-list-body";
import { NotificationListItem } from "./notification-list-item";
import { moveBetweenRows } from "./notification-panel";
import { NotificationThreadView } from "./notification-thread-view";
import type { NotificationItem } from "./notification-types";
import { useNotificationsContext } from "./notifications-provider";
import { SERVICES } from "./service-icon";
import { useNotificationList } from "./use-notification-list";

const PAGE_SIZE = 30;

/**
 * /notifications: every notification the person has, newest first, in sections by day, the
 * bell's filters kept in the URL (so a filtered view can be reloaded, shared and gone back to),
 * older pages by cursor with "load more".
 */
export function NotificationHistory() {
  const { locale, unreadCount, actionCount, setRead, markAllRead } = useNotificationsContext();
  const searchParams = useSearchParams();
  const pathname = usePathname();
  const router = useRouter();
  const filter = useMemo(() => filterFromParams(searchParams), [searchParams]);
  // The list under the filters; an opened thread (?thread=) has a list of its own.
  const listFilter = useMemo<ListFilter>(() => ({ ...filter, thread: null }), [filter]);
  const list = useNotificationList({ filter: listFilter, pageSize: PAGE_SIZE });
  const openRow = useRef<NotificationItem | null>(null);
  // Must-read notices not yet acknowledged are pinned above the days (PRODUCT.md §12), not repeated in them.
  const groups = useMemo(() => {
    const pinned = new Set(list.pinned.map((item) => item.id));
    return groupByDay(
      list.items.filter((item) => !pinned.has(item.id)),
      new Date(),
      locale,
    );
  }, [list.items, list.pinned, locale]);

  // Through the router, not history.pushState: Back and Forward must work across a reload too,
  // which needs the router's own state in each history entry.
  const onFilterChange = (next: ListFilter) => router.push(`${pathname}${paramsOf(next)}`, { scroll: false });
  const openThread = (row: NotificationItem) => {
    openRow.current = row;
    onFilterChange({ ...filter, thread: row.thread });
  };
  const closeThread = () => {
    const key = filter.thread;
    onFilterChange({ ...filter, thread: null });
    // Back on the thread's row once the list shows again.
    requestAnimationFrame(() =>
      requestAnimationFrame(() => {
        const rows = document.querySelectorAll<HTMLElement>("[data-testid='notification-thread']");
        Array.from(rows)
          .find((row) => row.dataset.thread === key)
          ?.querySelector<HTMLElement>("[data-row-primary]")
          ?.focus();
      }),
    );
  };
  // A thread opened from a link or a reload has no row yet: the newest shown of it, or a stand-in.
  const threadRow = filter.thread ? threadRowFor(filter.thread, openRow.current, list.items) : null;

  return (
    <>
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">{t(locale, "history.heading")}</h1>
          <p className="mt-1 text-sm text-fg-muted">{t(locale, "history.subtitle")}</p>
        </div>
        <button
          type="button"
          data-testid="history-mark-all-read"
          onClick={() => void markAllRead()}
          disabled={!unreadCount}
          title={t(locale, "bell.markAllReadLabel")}
          className="inline-flex h-9 items-center rounded-lg border border-line-strong bg-surface px-3 text-sm font-medium transition-colors hover:bg-surface-hover disabled:cursor-default disabled:text-fg-subtle disabled:hover:bg-surface"
        >
          {t(locale, "bell.markAllRead")}
        </button>
      </div>

      <div className="mt-6 flex flex-wrap items-center justify-between gap-3">
        <NotificationFilters filter={filter} onChange={(next) => onFilterChange({ ...next, thread: null })} locale={locale} />
        <p className="flex gap-3 text-sm text-fg-muted">
          {unreadCount ? <span>{t(locale, "bell.unreadSummary", { count: unreadCount })}</span> : null}
          {actionCount ? (
            <span data-testid="history-todo-count" className="font-medium text-amber-800 dark:text-amber-300">
              {t(locale, "bell.todoSummary", { count: actionCount })}
            </span>
          ) : null}
        </p>
      </div>

      {threadRow ? (
        <div
          data-testid="history-thread"
          className="mt-4 flex max-h-[70dvh] flex-col overflow-hidden rounded-xl border border-line bg-surface"
        >
          <NotificationThreadView key={threadRow.thread} row={threadRow} onBack={closeThread} />
        </div>
      ) : null}

      {/* biome-ignore lint/a11y/noStaticElementInteractions: arrow keys pressed on a row (they bubble here) move between rows */}
      <div
        data-testid="history-list"
        hidden={threadRow !== null}
        onKeyDown={moveBetweenRows}
        className="mt-4 rounded-xl border border-line bg-surface"
      >
        {list.status === "loading" && list.items.length === 0 ? (
          <LoadingRows label={t(locale, "bell.loading")} />
        ) : list.status === "error" && list.items.length === 0 ? (
          <ErrorState locale={locale} onRetry={list.retry} />
        ) : list.items.length === 0 && list.pinned.length === 0 ? (
          <EmptyState locale={locale} filter={filter} />
        ) : (
          <>
            {list.pinned.length > 0 ? (
              <section aria-labelledby="history-pinned" data-testid="notification-pinned">
                <h2
                  id="history-pinned"
                  className="rounded-t-xl border-b border-line bg-accent-soft px-4 py-2 text-xs font-semibold text-accent"
                >
                  {t(locale, "bell.pinnedLabel")}
                </h2>
                <ul aria-labelledby="history-pinned" className="divide-y divide-line border-b border-line">
                  {list.pinned.map((item) => (
                    <NotificationListItem
                      key={item.id}
                      item={item}
                      locale={locale}
                      time="clock"
                      onOpen={(opened) => void setRead(opened, true)}
                      onToggleRead={(toggled) => void setRead(toggled, toggled.readAt === null)}
                    />
                  ))}
                </ul>
              </section>
            ) : null}
            {groups.map((group) => (
              <section
                key={group.key}
                data-testid="history-day"
                data-day={group.key}
                aria-labelledby={`day-${group.key}`}
                className="first:[&>h2]:rounded-t-xl last:[&>ul]:border-b-0"
              >
                <h2
                  id={`day-${group.key}`}
                  className="sticky top-14 z-10 border-b border-line bg-surface-muted px-4 py-2 text-xs font-semibold text-fg-muted"
                >
                  {group.label}
                </h2>
                <ul aria-label={t(locale, "history.dayLabel", { day: group.label })} className="divide-y divide-line border-b border-line">
                  {group.items.map((item) => (
                    <NotificationListItem
                      key={item.id}
                      item={item}
                      locale={locale}
                      time="clock"
                      onOpen={(opened) => void setRead(opened, true)}
                      onToggleRead={(toggled) => void setRead(toggled, toggled.readAt === null)}
                      onOpenThread={filter.view === "threads" ? openThread : undefined}
                    />
                  ))}
                </ul>
              </section>
            ))}
          </>
        )}
      </div>

      <div hidden={threadRow !== null} className="mt-4 flex flex-col items-center gap-2 text-sm">
        {list.more === "error" ? <p className="text-fg-muted">{t(locale, "bell.loadMoreError")}</p> : null}
        {list.nextCursor ? (
          <button
            type="button"
            data-testid="history-load-more"
            onClick={list.loadMore}
            disabled={list.more === "loading"}
            aria-busy={list.more === "loading"}
            className="inline-flex h-9 items-center rounded-lg border border-line-strong bg-surface px-4 font-medium transition-colors hover:bg-surface-hover disabled:cursor-wait disabled:opacity-70"
          >
            {t(locale, list.more === "loading" ? "history.loadingMore" : list.more === "error" ? "bell.retry" : "history.loadMore")}
          </button>
        ) : list.status === "ready" && list.items.length > 0 ? (
          <p data-testid="history-end" className="text-fg-subtle">
            {t(locale, "history.end")}
          </p>
        ) : null}
      </div>
    </>
  );
}

/** `?filter=unread|todo&source=approval&view=threads&thread=…` → the list's filter; anything unknown means "all". */
function filterFromParams(params: URLSearchParams): ListFilter {
  const service = params.get("source");
  const read = params.get("filter");
  return {
    read: read === "unread" || read === "todo" ? read : "all",
    source: service && (SERVICES as readonly string[]).includes(service) ? sourceOfService(service) : null,
    view: params.get("view") === "threads" ? "threads" : "list",
    thread: params.get("thread") || null,
  };
}

function paramsOf(filter: ListFilter): string {
  const params = new URLSearchParams();
  if (filter.read !== "all") params.set("filter", filter.read);
  if (filter.source) params.set("source", filter.source.split("/").pop() ?? filter.source);
  if (filter.view === "threads") params.set("view", "threads");
  if (filter.thread) params.set("thread", filter.thread);
  const query = params.toString();
  return query ? `?${query}` : "";
}

function threadRowFor(thread: string, opened: NotificationItem | null, shown: NotificationItem[]): NotificationItem {
  if (opened?.thread === thread) return opened;
  const newest = shown.find((item) => item.thread === thread);
  if (newest) return newest;
  return {
    id: "0",
    eventId: "",
    type: "",
    source: thread.split("|")[0] ?? "",
    title: thread.split("|").slice(1).join("|"),
    body: null,
    link: null,
    actor: null,
    createdAt: new Date(0).toISOString(),
    readAt: null,
    thread,
    status: "active",
    updatedAt: null,
    action: null,
    ack: null,
    snoozedUntil: null,
    unsnoozedAt: null,
  };
}
