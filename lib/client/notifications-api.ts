import type { Locale } from "../i18n/messages";
import type { NotificationItem } from "../notifications/notification-item";
import type { UnreadSnapshot } from "./unread-counter";

// The browser's side of PRODUCT.md §5: small typed wrappers over fetch, one per route.

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

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
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
  return request<NotificationPage>(`/api/notifications?${query}`, { signal: options.signal });
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
  return request(`/api/notifications/${encodeURIComponent(id)}/${read ? "read" : "unread"}`, { method: "POST", keepalive: true });
}

export function markAllRead(upTo: string): Promise<{ unreadCount: number }> {
  return request("/api/notifications/read-all", { method: "POST", body: JSON.stringify({ upTo }) });
}

export async function saveLocale(locale: Locale): Promise<void> {
  await request("/api/me/locale", { method: "PUT", body: JSON.stringify({ locale }) });
}

async function request<T>(url: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(url, {
    ...init,
    cache: "no-store",
    headers: { accept: "application/json", ...(init.body ? { "content-type": "application/json" } : {}) },
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new ApiError(response.status, body?.error?.message ?? `${init.method ?? "GET"} ${url} answered ${response.status}`);
  }
  return (response.status === 204 ? undefined : await response.json()) as T;
}
