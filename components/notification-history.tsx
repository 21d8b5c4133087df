"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useMemo } from "react";
import type { ListFilter } from "@/lib/client/notifications-api";
import { t } from "@/lib/i18n/messages";
import { groupByDay } from "./day-groups";
import { NotificationFilters, sourceOfService } from "./notification-filters";
import { EmptyState, ErrorState, LoadingRows } from "./notification-list-body";
import { NotificationListItem } from "./notification-list-item";
import { moveBetweenRows } from "./notification-panel";
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
  const { locale, unreadCount, setRead, markAllRead } = useNotificationsContext();
  const searchParams = useSearchParams();
  const pathname = usePathname();
  const router = useRouter();
  const filter = useMemo(() => filterFromParams(searchParams), [searchParams]);
  const list = useNotificationList({ filter, pageSize: PAGE_SIZE });
  const groups = useMemo(() => groupByDay(list.items, new Date(), locale), [list.items, locale]);

  // Through the router, not history.pushState: Back and Forward must work across a reload too,
  // which needs the router's own state in each history entry.
  const onFilterChange = (next: ListFilter) => router.push(`${pathname}${paramsOf(next)}`, { scroll: false });

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
        <NotificationFilters filter={filter} onChange={onFilterChange} locale={locale} />
        {unreadCount ? <p className="text-sm text-fg-muted">{t(locale, "bell.unreadSummary", { count: unreadCount })}</p> : null}
      </div>

      {/* biome-ignore lint/a11y/noStaticElementInteractions: arrow keys pressed on a row (they bubble here) move between rows */}
      <div data-testid="history-list" onKeyDown={moveBetweenRows} className="mt-4 rounded-xl border border-line bg-surface">
        {list.status === "loading" && list.items.length === 0 ? (
          <LoadingRows label={t(locale, "bell.loading")} />
        ) : list.status === "error" && list.items.length === 0 ? (
          <ErrorState locale={locale} onRetry={list.retry} />
        ) : list.items.length === 0 ? (
          <EmptyState locale={locale} filter={filter} />
        ) : (
          groups.map((group) => (
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
                  />
                ))}
              </ul>
            </section>
          ))
        )}
      </div>

      <div className="mt-4 flex flex-col items-center gap-2 text-sm">
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

/** `?filter=unread&source=approval` → the list's filter; anything unknown means "all". */
function filterFromParams(params: URLSearchParams): ListFilter {
  const service = params.get("source");
  return {
    read: params.get("filter") === "unread" ? "unread" : "all",
    source: service && (SERVICES as readonly string[]).includes(service) ? sourceOfService(service) : null,
  };
}

function paramsOf(filter: ListFilter): string {
  const params = new URLSearchParams();
  if (filter.read === "unread") params.set("filter", "unread");
  if (filter.source) params.set("source", filter.source.split("/").pop() ?? filter.source);
  const query = params.toString();
  return query ? `?${query}` : "";
}
