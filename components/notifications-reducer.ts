import type { ConnectionState, NotificationItem, NotificationPage } from "./notification-types";

// The bell's state as a pure reducer: the page fetch and the live stream race each other, and the
// rules for merging them (dedupe by id, count only what the server had not counted) are easier to
// get right, and to test, without React around them. Later actions (mark read, read-state events
// from other tabs, load more, filters) are added here.

export interface NotificationsState {
  status: "loading" | "ready" | "error";
  items: NotificationItem[];
  /** Null until the first page arrives: the count is the server's, never guessed. */
  unreadCount: number | null;
  nextCursor: string | null;
  connection: ConnectionState;
  /** Live items that arrived before the first page; merged into it when it comes. */
  early: NotificationItem[];
}

export type NotificationsAction =
  | { type: "load-started" }
  | { type: "loaded"; page: NotificationPage }
  | { type: "load-failed" }
  | { type: "received"; item: NotificationItem }
  | { type: "connection"; state: ConnectionState };

export const initialNotificationsState: NotificationsState = {
  status: "loading",
  items: [],
  unreadCount: null,
  nextCursor: null,
  connection: "connecting",
  early: [],
};

export function notificationsReducer(state: NotificationsState, action: NotificationsAction): NotificationsState {
  switch (action.type) {
    case "load-started":
      return { ...state, status: "loading" };
    case "loaded":
      return mergeFirstPage(state, action.page);
    case "load-failed":
      return { ...state, status: "error" };
    case "received":
      return receive(state, action.item);
    case "connection":
      return state.connection === action.state ? state : { ...state, connection: action.state };
  }
}

function mergeFirstPage(state: NotificationsState, page: NotificationPage): NotificationsState {
  const pageIds = new Set(page.items.map((item) => item.id));
  // A live item missing from the page was written after the page's query ran, so the page's
  // count does not include it either.
  const newer = state.early.filter((item) => !pageIds.has(item.id));
  return {
    ...state,
    status: "ready",
    items: [...newer, ...page.items],
    unreadCount: page.unreadCount + newer.filter(isUnread).length,
    nextCursor: page.nextCursor,
    early: [],
  };
}

function receive(state: NotificationsState, item: NotificationItem): NotificationsState {
  if (state.unreadCount === null) {
    if (state.early.some((early) => early.id === item.id)) return state;
    return { ...state, early: [item, ...state.early] };
  }
  // The stream replays after a reconnect; an item already shown must not count twice.
  if (state.items.some((existing) => existing.id === item.id)) return state;
  return {
    ...state,
    items: [item, ...state.items],
    unreadCount: state.unreadCount + (isUnread(item) ? 1 : 0),
  };
}

function isUnread(item: NotificationItem): boolean {
  return item.readAt === null;
}
