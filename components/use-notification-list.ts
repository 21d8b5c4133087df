"use client";

import { useCallback, useEffect, useReducer, useRef, useState } from "react";
import { fetchNotificationPage, type ListFilter } from "@/lib/client/notifications-api";
import { useNotificationsContext } from "./notifications-provider";
import { initialListState, type NotificationListState, notificationListReducer } from "./notifications-reducer";

const MAX_PAGE = 100;

export interface NotificationList extends NotificationListState {
  loadMore(): void;
  retry(): void;
}

/**
 * One list of the signed-in person's notifications under a filter: the first page, older pages on
 * request, live arrivals and read-state changes from every tab and device. The first page is read
 * only once the stream has answered: the stream starts from the newest cursor at that moment, so
 * anything newer than the page arrives live and nothing falls between the two.
 */
export function useNotificationList({ filter, pageSize }: { filter: ListFilter; pageSize: number }): NotificationList {
  const { locale, status, subscribe, noteShown, reportActionCount } = useNotificationsContext();
  const [state, dispatch] = useReducer(notificationListReducer, initialListState);
  const [streamAnswered, setStreamAnswered] = useState(false);
  if (!streamAnswered && status !== "connecting") setStreamAnswered(true);

  const filterRef = useRef(filter);
  filterRef.current = filter;
  const shownCount = useRef(0);
  shownCount.current = state.items.length;
  // Answers to requests made for an earlier filter or language are dropped.
  const generation = useRef(0);
  const key = `${filter.read}|${filter.source ?? ""}|${filter.view ?? "list"}|${filter.thread ?? ""}`;
  const previous = useRef({ key, locale });

  const loadFirst = useCallback(
    (keep: boolean, limit: number) => {
      const mine = generation.current;
      const filter = filterRef.current;
      const threads = filter.view === "threads" && !filter.thread;
      dispatch({ type: "load-started" });
      fetchNotificationPage({ filter, limit })
        .then((page) => {
          if (mine !== generation.current) return;
          dispatch({ type: "loaded", page, keep, threads });
          reportActionCount(page.actionCount);
        })
        .catch(() => mine === generation.current && dispatch({ type: "load-failed" }));
    },
    [reportActionCount],
  );

  useEffect(() => {
    if (!streamAnswered) return;
    const changedFilter = previous.current.key !== key;
    const changedLocale = previous.current.locale !== locale;
    previous.current = { key, locale };
    generation.current += 1;
    if (changedFilter) dispatch({ type: "reset" });
    // A new language: the same rows again, with their texts rendered in it.
    const limit = changedLocale && !changedFilter ? Math.min(MAX_PAGE, Math.max(pageSize, shownCount.current)) : pageSize;
    loadFirst(false, limit);
  }, [streamAnswered, key, locale, pageSize, loadFirst]);

  useEffect(
    () =>
      subscribe((event) => {
        switch (event.kind) {
          case "notification":
            dispatch({ type: "received", item: event.item, filter: filterRef.current });
            break;
          case "notification-updated":
            dispatch({ type: "updated", item: event.item, filter: filterRef.current });
            break;
          case "acknowledged":
            dispatch({ type: "updated", item: event.item });
            break;
          case "acted":
            if (event.item.action) dispatch({ type: "acted", id: event.item.id, action: event.item.action });
            break;
          case "read-state":
          case "marked":
            dispatch({ type: "read-state", change: event.change, at: new Date().toISOString() });
            break;
          case "resync":
            loadFirst(true, pageSize);
            break;
        }
      }),
    [subscribe, loadFirst, pageSize],
  );

  useEffect(() => noteShown(state.items), [noteShown, state.items]);

  const loadMore = useCallback(() => {
    if (!state.nextCursor || state.more === "loading") return;
    const mine = generation.current;
    dispatch({ type: "more-started" });
    fetchNotificationPage({ filter: filterRef.current, cursor: state.nextCursor, limit: pageSize })
      .then((page) => mine === generation.current && dispatch({ type: "more-loaded", page }))
      .catch(() => mine === generation.current && dispatch({ type: "more-failed" }));
  }, [state.nextCursor, state.more, pageSize]);

  const retry = useCallback(() => loadFirst(state.items.length > 0, pageSize), [loadFirst, state.items.length, pageSize]);

  return { ...state, loadMore, retry };
}
