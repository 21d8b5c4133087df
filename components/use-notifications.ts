"use client";

import { useCallback, useEffect, useEffectEvent, useReducer, useState } from "react";
import type { NotificationItem, NotificationPage } from "./notification-types";
import { initialNotificationsState, notificationsReducer, type NotificationsState } from "./notifications-reducer";

const LIST_URL = "/api/notifications?limit=20";
const STREAM_URL = "/api/notifications/stream";
const MAX_RETRY_MS = 30_000;

interface Options {
  /** Called once per live notification that is new to this tab (e.g. to announce it). */
  onArrive?: (item: NotificationItem) => void;
}

/**
 * The signed-in user's notifications: the newest page from the REST API plus live additions from
 * the SSE stream. One EventSource per tab for now; sharing one connection across tabs
 * (PRODUCT.md §7) replaces `useLiveStream` without touching the components.
 */
export function useNotifications({ onArrive }: Options = {}): NotificationsState & { reload: () => void } {
  const [state, dispatch] = useReducer(notificationsReducer, initialNotificationsState);
  // The first page is read only once the stream has answered: the stream starts from the newest
  // cursor at that moment, so anything newer than the page arrives live and nothing falls between.
  const [streamAnswered, setStreamAnswered] = useState(false);

  const load = useCallback((signal?: AbortSignal) => {
    dispatch({ type: "load-started" });
    fetchFirstPage(signal)
      .then((page) => dispatch({ type: "loaded", page }))
      .catch(() => {
        if (!signal?.aborted) dispatch({ type: "load-failed" });
      });
  }, []);

  useEffect(() => {
    if (!streamAnswered) return;
    const controller = new AbortController();
    load(controller.signal);
    return () => controller.abort();
  }, [load, streamAnswered]);

  const arrive = useEffectEvent((item: NotificationItem) => {
    const known = state.items.some((existing) => existing.id === item.id) || state.early.some((e) => e.id === item.id);
    dispatch({ type: "received", item });
    if (!known) onArrive?.(item);
  });

  useLiveStream({
    onNotification: arrive,
    onConnection: (connection) => {
      dispatch({ type: "connection", state: connection });
      if (connection !== "connecting") setStreamAnswered(true);
    },
  });

  const reload = useCallback(() => load(), [load]);
  return { ...state, reload };
}

async function fetchFirstPage(signal?: AbortSignal): Promise<NotificationPage> {
  const response = await fetch(LIST_URL, { signal, cache: "no-store", headers: { accept: "application/json" } });
  if (!response.ok) throw new Error(`GET ${LIST_URL} answered ${response.status}`);
  return (await response.json()) as NotificationPage;
}

interface LiveStreamHandlers {
  onNotification: (item: NotificationItem) => void;
  onConnection: (state: "connecting" | "live" | "offline") => void;
}

/**
 * Keeps an EventSource open for the component's lifetime. The browser reconnects by itself and
 * sends Last-Event-ID, so the server replays what was missed. When the browser gives up (the
 * server answered with an error status), a new EventSource is opened after a growing delay,
 * passing the last id seen as `?lastEventId=` (PRODUCT.md §6) so nothing is lost in between.
 */
function useLiveStream(handlers: LiveStreamHandlers): void {
  const onNotification = useEffectEvent(handlers.onNotification);
  const onConnection = useEffectEvent(handlers.onConnection);

  useEffect(() => {
    let source: EventSource | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    let lastEventId = "";

    const handleNotification = (event: MessageEvent<string>) => {
      if (event.lastEventId) lastEventId = event.lastEventId;
      const item = parseItem(event.data);
      if (item) onNotification(item);
    };

    const connect = () => {
      const url = lastEventId ? `${STREAM_URL}?lastEventId=${encodeURIComponent(lastEventId)}` : STREAM_URL;
      const current = new EventSource(url);
      source = current;
      current.addEventListener("notification", handleNotification);
      current.onopen = () => {
        failures = 0;
        onConnection("live");
      };
      current.onerror = () => {
        onConnection("offline");
        if (current.readyState !== EventSource.CLOSED) return;
        current.close();
        failures += 1;
        retryTimer = setTimeout(connect, Math.min(MAX_RETRY_MS, 1000 * 2 ** failures));
      };
    };

    onConnection("connecting");
    connect();
    return () => {
      clearTimeout(retryTimer);
      source?.close();
    };
  }, []);
}

// The stream is our own server's, but a malformed message must not break the bell.
function parseItem(data: string): NotificationItem | null {
  try {
    const value: unknown = JSON.parse(data);
    if (typeof value !== "object" || value === null) return null;
    const item = value as Partial<NotificationItem>;
    if (typeof item.id !== "string" || typeof item.title !== "string" || typeof item.createdAt !== "string") {
      return null;
    }
    return value as NotificationItem;
  } catch {
    return null;
  }
}
