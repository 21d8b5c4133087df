import type { Locale } from "../i18n/locale";
import type { ApprovalAction, NotificationItem } from "../notifications/notification-item";
import type { Preferences } from "../preferences/preferences-schema";
import { ApiError, apiBody } from "./api-request";
import type { UnreadSnapshot } from "./unread-counter";

// The browser's side of the notification routes (docs/api.md): one typed wrapper per route.

export interface NotificationPage {
  items: NotificationItem[];
  nextCursor: string | null;
  unreadCount: number;
  /** Open actions (pending approvals); absent from a server that does not count them yet. */
  actionCount?: number;
  /** On a first page: the must-read notices not yet acknowledged (PRODUCT.md §12). */
  pinned?: NotificationItem[];
}

/** The counts every read-state answer carries. */
export interface Counts {
  unreadCount: number;
  actionCount?: number;
}

/** all, only unread, or only what waits for the reader ("todo": pending actions). */
export type ReadFilter = "all" | "unread" | "todo";
/** One row per notification, or one per thread (its newest, with the thread's count). */
export type ListView = "list" | "threads";

/** What a list shows: all, unread or to do, of every source or one ("groupware/approval"), as rows or threads, or one thread. */
export interface ListFilter {
  read: ReadFilter;
  source: string | null;
  view?: ListView;
  /** Only this thread's notifications (a thread opened in place). */
  thread?: string | null;
}

export async function fetchNotificationPage(options: {
  filter: ListFilter;
  cursor?: string | null;
  limit: number;
  signal?: AbortSignal;
}): Promise<NotificationPage> {
  const { filter } = options;
  const query = new URLSearchParams({ limit: String(options.limit), filter: filter.read });
  if (filter.source) query.set("source", filter.source);
  if (filter.thread) query.set("thread", filter.thread);
  else if (filter.view === "threads") query.set("view", "threads");
  if (options.cursor) query.set("cursor", options.cursor);
  return apiBody<NotificationPage>(`/api/notifications?${query}`, { signal: options.signal });
}

/** The unread count with the newest unread ids it includes (see UnreadCounter), and the open actions. */
export async function fetchUnreadSnapshot(): Promise<UnreadSnapshot | "signed-out"> {
  try {
    const page = await fetchNotificationPage({ filter: { read: "unread", source: null }, limit: 50 });
    return {
      unreadCount: page.unreadCount,
      unreadIds: page.items.map((item) => item.id),
      complete: page.nextCursor === null,
      ...(typeof page.actionCount === "number" ? { actionCount: page.actionCount } : {}),
    };
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return "signed-out";
    throw error;
  }
}

export function markNotification(id: string, read: boolean): Promise<Counts> {
  // keepalive: a click on a notification marks it read while the browser follows its link.
  return apiBody(`/api/notifications/${encodeURIComponent(id)}/${read ? "read" : "unread"}`, { method: "POST", keepalive: true });
}

/** Everything up to and including `upTo` (the newest shown), or every notification of one thread. */
export function markAllRead(target: { upTo: string } | { thread: string }): Promise<Counts> {
  return apiBody("/api/notifications/read-all", { method: "POST", body: JSON.stringify(target) });
}

/** Acknowledge a must-read notice (also reads it); idempotent. */
export function acknowledgeNotification(id: string): Promise<Counts> {
  return apiBody(`/api/notifications/${encodeURIComponent(id)}/ack`, { method: "POST" });
}

/** Put it off until `until` (1 minute to 30 days ahead): it leaves the lists and counts, and comes back unread then. */
export function snoozeNotification(id: string, until: Date): Promise<Counts> {
  return apiBody(`/api/notifications/${encodeURIComponent(id)}/snooze`, {
    method: "POST",
    body: JSON.stringify({ until: until.toISOString() }),
  });
}

/** The person's notification preferences (PRODUCT.md §13). */
export function fetchPreferences(): Promise<Preferences> {
  return apiBody("/api/me/preferences");
}

/** Replaces them; an ApiError (400) names a bad field. Every tab and device follows. */
export function savePreferences(preferences: Preferences): Promise<Preferences> {
  return apiBody("/api/me/preferences", { method: "PUT", body: JSON.stringify(preferences) });
}

export type Decision = "approve" | "reject";
export const MAX_COMMENT_LENGTH = 1_000;

/**
 * Approve or reject from the bell: 202 with the action (now "submitted"). An ApiError otherwise:
 * 409 when it is no longer pending (its message says who was faster), 503 when the command could
 * not be sent (still pending: try again), 404/400.
 */
export function submitDecision(id: string, decision: Decision, comment?: string): Promise<{ action: ApprovalAction }> {
  const body = comment?.trim() ? { decision, comment: comment.trim() } : { decision };
  return apiBody(`/api/notifications/${encodeURIComponent(id)}/actions`, { method: "POST", body: JSON.stringify(body) });
}

export async function saveLocale(locale: Locale): Promise<void> {
  await apiBody("/api/me/locale", { method: "PUT", body: JSON.stringify({ locale }) });
}
