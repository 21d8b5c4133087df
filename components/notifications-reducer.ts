import type { ListFilter, NotificationPage } from "@/lib/client/notifications-api";
import type { ReadStateEvent } from "@/lib/client/shared-stream";
import type { NotificationItem } from "./notification-types";

// One list of notifications (the bell's dropdown, the history page) as a pure reducer: pages
// fetched by cursor and the live stream race each other, and the rules for merging them (one row
// per id, newest first, read state from wherever it changed) are easier to get right, and to test,
// without React around them. The unread count is not here: the shared stream keeps it for all tabs.

export interface NotificationListState {
  /** Of the first page: "loading" only while nothing is shown yet. */
  status: "loading" | "ready" | "error";
  items: NotificationItem[];
  /** Where the next page starts; null at the end. */
  nextCursor: string | null;
  more: "idle" | "loading" | "error";
  /** While a first page is read: live items that arrived meanwhile, newest first, merged into it. */
  arrived: NotificationItem[] | null;
}

export type NotificationListAction =
  /** A new filter: start over from nothing. */
  | { type: "reset" }
  | { type: "load-started" }
  /** `keep`: merge the first page into what is shown (after a reconnect) instead of replacing it. */
  | { type: "loaded"; page: NotificationPage; keep: boolean }
  | { type: "load-failed" }
  | { type: "more-started" }
  | { type: "more-loaded"; page: NotificationPage }
  | { type: "more-failed" }
  | { type: "received"; item: NotificationItem; filter: ListFilter }
  | { type: "read-state"; change: Pick<ReadStateEvent, "ids" | "upTo" | "read">; at: string };

export const initialListState: NotificationListState = {
  status: "loading",
  items: [],
  nextCursor: null,
  more: "idle",
  arrived: null,
};

export function notificationListReducer(state: NotificationListState, action: NotificationListAction): NotificationListState {
  switch (action.type) {
    case "reset":
      return initialListState;
    case "load-started":
      return { ...state, status: state.items.length > 0 ? state.status : "loading", arrived: [] };
    case "loaded":
      return mergeFirstPage(state, action.page, action.keep);
    case "load-failed":
      return { ...state, status: "error", arrived: null };
    case "more-started":
      return { ...state, more: "loading" };
    case "more-loaded":
      return appendPage(state, action.page);
    case "more-failed":
      return { ...state, more: "error" };
    case "received":
      return receive(state, action.item, action.filter);
    case "read-state":
      return {
        ...state,
        items: applyReadState(state.items, action.change, action.at),
        arrived: state.arrived && applyReadState(state.arrived, action.change, action.at),
      };
  }
}

export function matchesFilter(item: NotificationItem, filter: ListFilter): boolean {
  return (filter.read === "all" || item.readAt === null) && (filter.source === null || item.source === filter.source);
}

function mergeFirstPage(state: NotificationListState, page: NotificationPage, keep: boolean): NotificationListState {
  const pageIds = new Set(page.items.map((item) => item.id));
  // A live item missing from the page was written after the page's query ran.
  const newer = (state.arrived ?? []).filter((item) => !pageIds.has(item.id));
  const head = [...newer, ...page.items];
  const headIds = new Set(head.map((item) => item.id));
  // What was shown beyond the first page stays (with its cursor); what was shown within the
  // page's range but is not in it has left the filter (read elsewhere, say).
  const floor = page.nextCursor === null ? null : minId(page.items);
  const tail = keep && floor !== null ? state.items.filter((item) => !headIds.has(item.id) && BigInt(item.id) < floor) : [];
  return {
    status: "ready",
    items: [...head, ...tail],
    nextCursor: tail.length > 0 ? state.nextCursor : page.nextCursor,
    more: tail.length > 0 ? state.more : "idle",
    arrived: null,
  };
}

function appendPage(state: NotificationListState, page: NotificationPage): NotificationListState {
  const shown = new Set(state.items.map((item) => item.id));
  return {
    ...state,
    items: [...state.items, ...page.items.filter((item) => !shown.has(item.id))],
    nextCursor: page.nextCursor,
    more: "idle",
  };
}

function receive(state: NotificationListState, item: NotificationItem, filter: ListFilter): NotificationListState {
  if (!matchesFilter(item, filter)) return state;
  const arrived = state.arrived && !state.arrived.some((a) => a.id === item.id) ? [item, ...state.arrived] : state.arrived;
  // The stream replays after a reconnect; an item already shown is not shown twice.
  const showing = state.items.length > 0 || state.status === "ready";
  const items = showing && !state.items.some((existing) => existing.id === item.id) ? [item, ...state.items] : state.items;
  return items === state.items && arrived === state.arrived ? state : { ...state, items, arrived };
}

/**
 * `ids` changed to read or unread; or everything up to and including `upTo` was read. The server
 * bounds a read-all by `upTo`'s cursor: rows below it in this newest-first list, or, when `upTo`
 * is not shown here, rows with smaller ids.
 */
function applyReadState(items: NotificationItem[], change: Pick<ReadStateEvent, "ids" | "upTo" | "read">, at: string): NotificationItem[] {
  const readAt = (item: NotificationItem) => (change.read ? (item.readAt ?? at) : null);
  let touched: (item: NotificationItem, index: number) => boolean;
  if (change.ids) {
    const ids = new Set(change.ids);
    touched = (item) => ids.has(item.id);
  } else if (change.upTo && change.read) {
    const upTo = change.upTo;
    const position = items.findIndex((item) => item.id === upTo);
    touched = position >= 0 ? (_, index) => index >= position : (item) => BigInt(item.id) <= BigInt(upTo);
  } else {
    return items;
  }
  let changed = false;
  const next = items.map((item, index) => {
    if (!touched(item, index) || readAt(item) === item.readAt) return item;
    changed = true;
    return { ...item, readAt: readAt(item) };
  });
  return changed ? next : items;
}

function minId(items: NotificationItem[]): bigint | null {
  let min: bigint | null = null;
  for (const item of items) {
    const id = BigInt(item.id);
    if (min === null || id < min) min = id;
  }
  return min;
}
