import type { Locale } from "../i18n/locale";
import type { NotificationItem } from "../notifications/notification-item";
import { ApiError, apiBody } from "./api-request";
import type { UnreadSnapshot } from "./unread-counter";

// The browser's side of the notification routes (docs/api.md): one typed wrapper per route.

export interface NotificationPage {
  items: NotificationItem[];
  nextCursor: string | null;
  unreadCount: number;
}

export type ReadFilter = "all" | "unread";

/** What a list shows: all or only unread, of every source or one ("groupware/approval"). */
export interface ListFilter {
  read: ReadFilter;
  source: string | null;
}

export async function fetchNotificationPage(options: {
  filter: ListFilter;
  cursor?: string | null;
  limit: number;
  signal?: AbortSignal;
}): Promise<NotificationPage> {
  const query = new URLSearchParams({ limit: String(options.limit), filter: options.filter.read });
  if (options.filter.source) query.set("source", options.filter.source);
  if (options.cursor) query.set("cursor", options.cursor);
  return apiBody<NotificationPage>(`/api/notifications?${query}`, { signal: options.signal });
}

/** The unread count with the newest unread ids it includes (see UnreadCounter). */
export async function fetchUnreadSnapshot(): Promise<UnreadSnapshot | "signed-out"> {
  try {
    const page = await fetchNotificationPage({ filter: { read: "unread", source: null }, limit: 50 });
    return { unreadCount: page.unreadCount, unreadIds: page.items.map((item) => item.id), complete: page.nextCursor === null };
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return "signed-out";
    throw error;
  }
}

export function markNotification(id: string, read: boolean): Promise<{ unreadCount: number }> {
  // keepalive: a click on a notification marks it read while the browser follows its link.
  return apiBody(`/api/notifications/${encodeURIComponent(id)}/${read ? "read" : "unread"}`, { method: "POST", keepalive: true });
}

export function markAllRead(upTo: string): Promise<{ unreadCount: number }> {
  return apiBody("/api/notifications/read-all", { method: "POST", body: JSON.stringify({ upTo }) });
}

export async function saveLocale(locale: Locale): Promise<void> {
  await apiBody("/api/me/locale", { method: "PUT", body: JSON.stringify({ locale }) });
}
