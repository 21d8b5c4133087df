"use client";

import { useRouter } from "next/navigation";
import { createContext, type ReactNode, use, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { ApiError } from "@/lib/client/api-request";
import {
  acknowledgeNotification,
  type Counts,
  type Decision,
  fetchPreferences,
  fetchUnreadSnapshot,
  markAllRead,
  markNotification,
  saveLocale,
  submitDecision,
} from "@/lib/client/notifications-api";
import { SharedStream, type SharedStreamDeps, type StreamEvent, type StreamStatus } from "@/lib/client/shared-stream";
import type { Locale } from "@/lib/i18n/locale";
import { t } from "@/lib/i18n/messages";
import type { Preferences } from "@/lib/preferences/preferences-schema";
import { isQuietAt } from "@/lib/preferences/quiet-hours";
import { NotificationToasts, type Toast } from "./notification-toasts";
import type { NotificationItem } from "./notification-types";

// Everything about notifications that a signed-in page shares: the browser's one live stream, the
// unread and action counts, read/unread, deciding approvals, and what the person notices when something arrives (a
// toast, a polite screen-reader announcement, the count in the tab's title).

/** What lists hear: the stream's events, and this tab's own read-state changes and decisions the moment they are made. */
export type NotificationsEvent =
  | StreamEvent
  | { kind: "marked"; change: { ids?: string[]; upTo?: string; thread?: string; read: boolean } }
  /** This tab decided: the item with its action submitted, until the stream brings the outcome. */
  | { kind: "acted"; item: NotificationItem }
  /** This tab acknowledged a must-read notice: the item as it now is (the stream says so too). */
  | { kind: "acknowledged"; item: NotificationItem };

/** How a decision went: sent (the approval service answers later), too late, or not sent. */
export type DecisionResult =
  | { kind: "submitted" }
  /** 409: no longer pending; the server's message says who was faster. */
  | { kind: "conflict"; message: string }
  /** 503: the command could not be sent; the action is still pending. */
  | { kind: "unavailable" }
  | { kind: "failed"; message: string };

export interface NotificationsContextValue {
  locale: Locale;
  status: StreamStatus;
  unreadCount: number | null;
  /** Approvals waiting for this person's decision (null until the server has said). */
  actionCount: number | null;
  subscribe(listener: (event: NotificationsEvent) => void): () => void;
  /** Lists report what they show, so "mark all read" knows the newest notification seen. */
  noteShown(items: readonly NotificationItem[]): void;
  setRead(item: NotificationItem, read: boolean): Promise<void>;
  markAllRead(): Promise<void>;
  markThreadRead(thread: string): Promise<void>;
  decide(item: NotificationItem, decision: Decision, comment?: string): Promise<DecisionResult>;
  /** "I have read this" on a must-read notice. */
  acknowledge(item: NotificationItem): Promise<void>;
  /** A list's page said how many actions are open. */
  reportActionCount(actionCount: number | undefined): void;
  switchLocale(next: Locale): Promise<void>;
  signedOut(): void;
}

const NotificationsContext = createContext<NotificationsContextValue | null>(null);

const MAX_TOASTS = 3;
const ANNOUNCE_AFTER_MS = 800;

export function useNotificationsContext(): NotificationsContextValue {
  const value = use(NotificationsContext);
  if (!value) throw new Error("useNotificationsContext outside NotificationsProvider");
  return value;
}

export function NotificationsProvider({ locale, children }: { locale: Locale; children: ReactNode }) {
  const router = useRouter();
  const [status, setStatus] = useState<StreamStatus>("connecting");
  const [unreadCount, setUnreadCount] = useState<number | null>(null);
  const [actionCount, setActionCount] = useState<number | null>(null);
  const [toasts, setToasts] = useState<Toast[]>([]);
  // Toasts on or off and quiet hours (PRODUCT.md §13): read once, then as the stream says they changed.
  const preferences = useRef<Pick<Preferences, "toasts" | "quietHours">>({ toasts: true, quietHours: null });
  const streamRef = useRef<SharedStream | null>(null);
  const listeners = useRef(new Set<(event: NotificationsEvent) => void>());
  const newestShown = useRef<bigint | null>(null);
  const toasted = useRef(new Set<string>());
  const localeRef = useRef(locale);
  localeRef.current = locale;
  const routerRef = useRef(router);
  routerRef.current = router;
  const { announce, announcement } = useAnnouncer();

  const emit = useCallback((event: NotificationsEvent) => {
    for (const listener of listeners.current) listener(event);
  }, []);

  const noteShown = useCallback((items: readonly NotificationItem[]) => {
    for (const item of items) {
      const id = BigInt(item.id);
      if (newestShown.current === null || id > newestShown.current) newestShown.current = id;
    }
  }, []);

  // A toast shows the notification as it is now (a request approved meanwhile says so).
  const replaceToast = useCallback((item: NotificationItem) => {
    setToasts((current) =>
      current.some((toast) => toast.kind === "notification" && toast.item.id === item.id)
        ? current.map((toast) => (toast.kind === "notification" && toast.item.id === item.id ? { ...toast, item } : toast))
        : current,
    );
  }, []);

  const showError = useCallback((message: string) => {
    const toast: Toast = { key: `error-${Date.now()}`, kind: "error", message };
    setToasts((current) => [...current, toast].slice(-MAX_TOASTS));
  }, []);

  useEffect(() => {
    // Each tab reads them once; a change on any device comes as the stream's `preferences`.
    void fetchPreferences().then(
      (saved) => {
        preferences.current = saved;
      },
      () => undefined,
    );
  }, []);

  useEffect(() => {
    const stream = new SharedStream(browserDeps());
    streamRef.current = stream;
    const unsubscribe = stream.subscribe((event) => {
      switch (event.kind) {
        case "status":
          setStatus(event.status);
          break;
        case "unread-count":
          setUnreadCount(event.unreadCount);
          break;
        case "action-count":
          setActionCount(event.actionCount);
          break;
        case "notification-updated":
          replaceToast(event.item);
          break;
        case "notification":
          noteShown([event.item]);
          if (event.item.readAt === null && !toasted.current.has(event.item.id) && !arrivesSilently(event.item, preferences.current)) {
            toasted.current.add(event.item.id);
            const toast: Toast = { key: event.item.id, kind: "notification", item: event.item };
            setToasts((current) => [...current, toast].slice(-MAX_TOASTS));
            announce(event.item.title);
          }
          break;
        case "preferences":
          preferences.current = event.preferences;
          break;
        case "locale-changed":
          routerRef.current.refresh();
          break;
        case "signed-out":
          routerRef.current.replace("/login");
          routerRef.current.refresh();
          break;
      }
      emit(event);
    });
    stream.start();
    const retry = () => stream.retryNow();
    const offline = () => stream.wentOffline();
    const visible = () => document.visibilityState === "visible" && stream.retryNow();
    window.addEventListener("online", retry);
    window.addEventListener("offline", offline);
    document.addEventListener("visibilitychange", visible);
    return () => {
      window.removeEventListener("online", retry);
      window.removeEventListener("offline", offline);
      document.removeEventListener("visibilitychange", visible);
      unsubscribe();
      stream.stop();
      streamRef.current = null;
    };
  }, [emit, noteShown, announce, replaceToast]);

  useTitleCount(unreadCount);

  const reportActionCount = useCallback((count: number | undefined) => {
    if (typeof count !== "number") return;
    streamRef.current?.reportActionCount(count);
    setActionCount(count);
  }, []);

  const reportCounts = useCallback(
    (answer: Counts) => {
      streamRef.current?.reportUnreadCount(answer.unreadCount);
      setUnreadCount(answer.unreadCount);
      reportActionCount(answer.actionCount);
    },
    [reportActionCount],
  );

  const setRead = useCallback(
    async (item: NotificationItem, read: boolean) => {
      if ((item.readAt === null) === !read) return;
      emit({ kind: "marked", change: { ids: [item.id], read } });
      setUnreadCount((count) => (count === null ? count : Math.max(0, count + (read ? -1 : 1))));
      try {
        reportCounts(await markNotification(item.id, read));
      } catch {
        emit({ kind: "marked", change: { ids: [item.id], read: !read } });
        setUnreadCount(streamRef.current?.unreadCount ?? null);
        showError(t(localeRef.current, "bell.markFailed"));
      }
    },
    [emit, showError, reportCounts],
  );

  const markAll = useCallback(async () => {
    const upTo = newestShown.current;
    if (upTo === null) return;
    emit({ kind: "marked", change: { upTo: upTo.toString(), read: true } });
    try {
      reportCounts(await markAllRead({ upTo: upTo.toString() }));
    } catch {
      // Which rows the server changed is unknown: read the lists again.
      emit({ kind: "resync" });
      showError(t(localeRef.current, "bell.markFailed"));
    }
  }, [emit, showError, reportCounts]);

  const markThreadRead = useCallback(
    async (thread: string) => {
      emit({ kind: "marked", change: { thread, read: true } });
      try {
        reportCounts(await markAllRead({ thread }));
      } catch {
        emit({ kind: "resync" });
        showError(t(localeRef.current, "bell.markFailed"));
      }
    },
    [emit, showError, reportCounts],
  );

  const decide = useCallback(
    async (item: NotificationItem, decision: Decision, comment?: string): Promise<DecisionResult> => {
      try {
        const { action } = await submitDecision(item.id, decision, comment);
        emit({ kind: "acted", item: { ...item, action } });
        return { kind: "submitted" };
      } catch (error) {
        if (error instanceof ApiError && error.status === 409) return { kind: "conflict", message: error.message };
        if (error instanceof ApiError && error.status === 503) return { kind: "unavailable" };
        // Anything else (404, 400, 500, no network) is not the person's to fix: our own words, not the server's.
        return { kind: "failed", message: t(localeRef.current, "action.failed") };
      }
    },
    [emit],
  );

  const acknowledge = useCallback(
    async (item: NotificationItem) => {
      try {
        const counts = await acknowledgeNotification(item.id);
        const at = new Date().toISOString();
        emit({
          kind: "acknowledged",
          item: { ...item, readAt: item.readAt ?? at, ack: item.ack && { ...item.ack, at: item.ack.at ?? at } },
        });
        reportCounts(counts);
      } catch {
        showError(t(localeRef.current, "bell.ackFailed"));
      }
    },
    [emit, showError, reportCounts],
  );

  const switchLocale = useCallback(async (next: Locale) => {
    await saveLocale(next);
    // Every tab renders again in the new language; the leader reopens the stream, whose texts the
    // server renders in the language of the moment it opened.
    streamRef.current?.broadcast({ kind: "locale-changed" });
  }, []);

  const signedOut = useCallback(() => streamRef.current?.broadcast({ kind: "signed-out" }), []);

  const subscribe = useCallback((listener: (event: NotificationsEvent) => void) => {
    listeners.current.add(listener);
    return () => {
      listeners.current.delete(listener);
    };
  }, []);

  const value = useMemo<NotificationsContextValue>(
    () => ({
      locale,
      status,
      unreadCount,
      actionCount,
      subscribe,
      noteShown,
      setRead,
      markAllRead: markAll,
      markThreadRead,
      decide,
      acknowledge,
      reportActionCount,
      switchLocale,
      signedOut,
    }),
    [
      locale,
      status,
      unreadCount,
      actionCount,
      subscribe,
      noteShown,
      setRead,
      markAll,
      markThreadRead,
      decide,
      acknowledge,
      reportActionCount,
      switchLocale,
      signedOut,
    ],
  );

  return (
    <NotificationsContext value={value}>
      {children}
      <NotificationToasts
        toasts={toasts}
        locale={locale}
        onDismiss={(key) => setToasts((current) => current.filter((toast) => toast.key !== key))}
        onOpen={(item) => void setRead(item, true)}
      />
      <div aria-live="polite" aria-atomic="true" className="sr-only" data-testid="notification-announcer">
        {announcement(locale)}
      </div>
    </NotificationsContext>
  );
}

function browserDeps(): SharedStreamDeps {
  return {
    openEventSource: (url) => new EventSource(url),
    openChannel: (name) => (typeof BroadcastChannel === "function" ? new BroadcastChannel(name) : null),
    locks: navigator.locks ?? null,
    fetchUnread: fetchUnreadSnapshot,
    isOnline: () => navigator.onLine,
    setTimeout: (callback, ms) => window.setTimeout(callback, ms),
    clearTimeout: (handle) => window.clearTimeout(handle as number | undefined),
    random: Math.random,
  };
}

/**
 * New notifications, announced politely and in batches: a burst (a replay after a reconnect, a
 * company-wide notice with others) is one sentence, not twenty.
 */
function useAnnouncer() {
  const [announced, setAnnounced] = useState<{ count: number; title: string } | null>(null);
  const pending = useRef<string[]>([]);
  const timer = useRef<number | undefined>(undefined);

  const add = useCallback((title: string) => {
    pending.current.push(title);
    if (timer.current !== undefined) return;
    timer.current = window.setTimeout(() => {
      timer.current = undefined;
      const titles = pending.current;
      pending.current = [];
      setAnnounced({ count: titles.length, title: titles.at(-1) ?? "" });
    }, ANNOUNCE_AFTER_MS);
  }, []);

  useEffect(() => () => window.clearTimeout(timer.current), []);

  const announcement = (locale: Locale) => {
    if (!announced) return "";
    return announced.count === 1
      ? t(locale, "bell.announceNew", { title: announced.title })
      : t(locale, "bell.announceMany", { count: announced.count, title: announced.title });
  };
  return { announce: add, announcement };
}

const COUNT_PREFIX = /^\(\d+\+?\) /;

/** `(3) 그룹웨어`, `(3) 알림 · 그룹웨어`: the count in the tab's title, kept there when Next.js sets a page's title. */
function useTitleCount(unreadCount: number | null): void {
  useEffect(() => {
    const apply = () => {
      const base = document.title.replace(COUNT_PREFIX, "");
      const next = unreadCount ? `(${unreadCount > 99 ? "99+" : unreadCount}) ${base}` : base;
      if (document.title !== next) document.title = next;
    };
    apply();
    const observer = new MutationObserver(apply);
    observer.observe(document.head, { subtree: true, childList: true, characterData: true });
    return () => observer.disconnect();
  }, [unreadCount]);
}

/**
 * No toast and no announcement: toasts are off, or it is the person's quiet hours (the bell still
 * counts it). A must-read notice is never silent.
 */
function arrivesSilently(item: NotificationItem, preferences: Pick<Preferences, "toasts" | "quietHours">): boolean {
  if (item.ack?.required && item.ack.at === null) return false;
  return !preferences.toasts || isQuietAt(preferences.quietHours, new Date());
}
