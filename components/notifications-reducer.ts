import type { ListFilter, NotificationPage } from "@/lib/client/notifications-api";
import type { ReadStateEvent } from "@/lib/client/shared-stream";
import type { NotificationItem } from "./notification-types";

// One list of notifications (the bell's dropdown, the history page) as a pure reducer: pages
// fetched by cursor and the live stream race each other, and the rules for merging them (one row
// per id, newest first, read state from wherever it changed) are easier to get right, and to test,
// without React around them. The unread count is not here: the shared stream keeps it for all tabs.
// In the threads view a row stands for its thread (its newest notification, with threadCount and
// threadUnread); a live notification of a shown thread becomes that thread's row.

export interface NotificationListState {
  /** Of the first page: "loading" only while nothing is shown yet. */
  status: "loading" | "ready" | "error";
  items: NotificationItem[];
  /** Where the next page starts; null at the end. */
  nextCursor: string | null;
  more: "idle" | "loading" | "error";
  /** While a first page is read: live items that arrived meanwhile, newest first, merged into it. */
  arrived: NotificationItem[] | null;
  /** Must-read notices not yet acknowledged, newest first: shown above the list (PRODUCT.md §12). */
  pinned: NotificationItem[];
}

export type NotificationListAction =
  /** A new filter: start over from nothing. */
  | { type: "reset" }
  | { type: "load-started" }
  /** `keep`: merge the first page into what is shown (after a reconnect) instead of replacing it. */
  | { type: "loaded"; page: NotificationPage; keep: boolean; threads?: boolean }
  | { type: "load-failed" }
  | { type: "more-started" }
  | { type: "more-loaded"; page: NotificationPage }
  | { type: "more-failed" }
  | { type: "received"; item: NotificationItem; filter: ListFilter }
  /**
   * A notification as it is now (notification-updated, or this tab's own decision): replaces the one
   * shown. A snoozed one leaves the list; one back from its snooze, unread, comes in at the top.
   */
  | { type: "updated"; item: NotificationItem; filter?: ListFilter }
  /** This tab's decision was accepted: the action is submitted, unless the outcome already arrived. */
  | { type: "acted"; id: string; action: NonNullable<NotificationItem["action"]> }
  | { type: "read-state"; change: ReadChange; at: string };

export type ReadChange = Pick<ReadStateEvent, "ids" | "upTo" | "read" | "thread">;

export const initialListState: NotificationListState = {
  status: "loading",
  items: [],
  nextCursor: null,
  more: "idle",
  arrived: null,
  pinned: [],
};

export function notificationListReducer(state: NotificationListState, action: NotificationListAction): NotificationListState {
  switch (action.type) {
    case "reset":
      return initialListState;
    case "load-started":
      return { ...state, status: state.items.length > 0 ? state.status : "loading", arrived: [] };
    case "loaded":
      return mergeFirstPage(state, action.page, action.keep, action.threads ?? false);
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
    case "updated":
      if (action.item.snoozedUntil !== null) return withoutItem(state, action.item.id);
      if (action.item.unsnoozedAt !== null && action.item.readAt === null && action.filter) {
        return receive(withoutItem(state, action.item.id), action.item, action.filter);
      }
      return {
        ...state,
        items: replaceItem(state.items, action.item),
        arrived: state.arrived && replaceItem(state.arrived, action.item),
        pinned: isUnacknowledged(action.item)
          ? replaceItem(state.pinned, action.item)
          : state.pinned.filter((item) => item.id !== action.item.id),
      };
    case "acted": {
      // The stream may have settled it before the answer to the click came back: keep the newer state.
      const act = (items: NotificationItem[]) =>
        items.some((i) => i.id === action.id && i.action?.status === "pending")
          ? items.map((i) => (i.id === action.id && i.action?.status === "pending" ? { ...i, action: action.action } : i))
          : items;
      return { ...state, items: act(state.items), arrived: state.arrived && act(state.arrived) };
    }
    case "read-state":
      return {
        ...state,
        items: applyReadState(state.items, action.change, action.at),
        arrived: state.arrived && applyReadState(state.arrived, action.change, action.at),
        pinned: applyReadState(state.pinned, action.change, action.at),
      };
  }
}

/** A must-read notice its reader has not acknowledged yet. */
export function isUnacknowledged(item: NotificationItem): boolean {
  return item.ack?.required === true && item.ack.at === null && item.status !== "cancelled";
}

export function matchesFilter(item: NotificationItem, filter: ListFilter): boolean {
  const read = filter.read === "all" || (filter.read === "unread" ? item.readAt === null : isPendingAction(item));
  return read && (filter.source === null || item.source === filter.source) && (!filter.thread || item.thread === filter.thread);
}

/** Waits for the reader's decision: what the To do filter lists and the action count counts. */
export function isPendingAction(item: NotificationItem): boolean {
  return (item.status === "active" && item.action?.status === "pending") || isUnacknowledged(item);
}

/** Resolved or cancelled: nothing left to do about it. */
export function isSettled(item: NotificationItem): boolean {
  return item.status === "resolved" || item.status === "cancelled";
}

function mergeFirstPage(state: NotificationListState, page: NotificationPage, keep: boolean, threads: boolean): NotificationListState {
  const pageIds = new Set(page.items.map((item) => item.id));
  // A live item missing from the page was written after the page's query ran.
  const newer = (state.arrived ?? []).filter((item) => !pageIds.has(item.id));
  const head = threads ? newer.reduceRight(intoThreads, page.items) : [...newer, ...page.items];
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
    pinned: [...newer.filter(isUnacknowledged), ...(page.pinned ?? [])].filter(
      (item, index, all) => all.findIndex((other) => other.id === item.id) === index,
    ),
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

function withoutItem(state: NotificationListState, id: string): NotificationListState {
  const other = (item: NotificationItem) => item.id !== id;
  return { ...state, items: state.items.filter(other), arrived: state.arrived?.filter(other) ?? null, pinned: state.pinned.filter(other) };
}

function receive(state: NotificationListState, item: NotificationItem, filter: ListFilter): NotificationListState {
  if (isUnacknowledged(item) && !state.pinned.some((pinned) => pinned.id === item.id)) {
    state = { ...state, pinned: [item, ...state.pinned] };
  }
  if (!matchesFilter(item, filter)) return state;
  const arrived = state.arrived && !state.arrived.some((a) => a.id === item.id) ? [item, ...state.arrived] : state.arrived;
  // The stream replays after a reconnect; an item already shown is not shown twice.
  const showing = state.items.length > 0 || state.status === "ready";
  let items = state.items;
  if (showing && filter.view === "threads" && !filter.thread) items = intoThreads(state.items, item);
  else if (showing && !state.items.some((existing) => existing.id === item.id)) items = [item, ...state.items];
  return items === state.items && arrived === state.arrived ? state : { ...state, items, arrived };
}

/**
 * A new notification in the threads view: its thread's row moves to the top as this newest
 * notification, counting one more (an older or already shown one changes nothing); a
 * notification of no thread, or of a thread not shown, is a row of its own.
 */
function intoThreads(rows: NotificationItem[], item: NotificationItem): NotificationItem[] {
  const unread = item.readAt === null ? 1 : 0;
  const index = item.thread === null ? -1 : rows.findIndex((row) => row.thread === item.thread);
  if (index < 0) {
    if (rows.some((row) => row.id === item.id)) return rows;
    return [{ ...item, threadCount: 1, threadUnread: unread }, ...rows];
  }
  const row = rows[index];
  if (!row || BigInt(item.id) <= BigInt(row.id)) return rows;
  const merged = { ...item, threadCount: (row.threadCount ?? 1) + 1, threadUnread: (row.threadUnread ?? 0) + unread };
  return [merged, ...rows.slice(0, index), ...rows.slice(index + 1)];
}

/** The same notification as it is now; a thread's row keeps its thread's counts. */
function replaceItem(items: NotificationItem[], item: NotificationItem): NotificationItem[] {
  const index = items.findIndex((existing) => existing.id === item.id);
  const shown = items[index];
  if (!shown) return items;
  const next = {
    ...item,
    ...(shown.threadCount !== undefined ? { threadCount: shown.threadCount } : {}),
    ...(shown.threadUnread !== undefined ? { threadUnread: shown.threadUnread } : {}),
  };
  return [...items.slice(0, index), next, ...items.slice(index + 1)];
}

/**
 * `ids` changed to read or unread; or everything up to and including `upTo` was read. The server
 * bounds a read-all by `upTo`'s cursor: rows below it in this newest-first list, or, when `upTo`
 * is not shown here, rows with smaller ids.
 */
function applyReadState(items: NotificationItem[], change: ReadChange, at: string): NotificationItem[] {
  const readAt = (item: NotificationItem) => (change.read ? (item.readAt ?? at) : null);
  let touched: (item: NotificationItem, index: number) => boolean;
  // Every notification of the row's thread changed with it (a thread read, or everything up to it).
  let wholeThread = (_item: NotificationItem) => false;
  if (change.thread) {
    const thread = change.thread;
    touched = (item) => item.thread === thread;
    wholeThread = (item) => item.thread === thread;
  } else if (change.ids) {
    const ids = new Set(change.ids);
    touched = (item) => ids.has(item.id);
  } else if (change.upTo && change.read) {
    const upTo = change.upTo;
    const position = items.findIndex((item) => item.id === upTo);
    touched = position >= 0 ? (_, index) => index >= position : (item) => BigInt(item.id) <= BigInt(upTo);
    // A thread's row is its newest notification: up to it is the whole thread.
    wholeThread = () => true;
  } else {
    return items;
  }
  let changed = false;
  const next = items.map((item, index) => {
    if (!touched(item, index)) return item;
    const threadUnread = threadUnreadAfter(item, readAt(item), change.read && wholeThread(item));
    if (readAt(item) === item.readAt && threadUnread === item.threadUnread) return item;
    changed = true;
    return { ...item, readAt: readAt(item), ...(threadUnread !== undefined ? { threadUnread } : {}) };
  });
  return changed ? next : items;
}

/** A thread row's unread count once its newest notification's read state is `readAt`. */
function threadUnreadAfter(row: NotificationItem, readAt: string | null, allRead: boolean): number | undefined {
  if (row.threadUnread === undefined) return undefined;
  if (allRead) return 0;
  const was = row.readAt === null ? 1 : 0;
  const now = readAt === null ? 1 : 0;
  return Math.max(0, row.threadUnread - was + now);
}

function minId(items: NotificationItem[]): bigint | null {
  let min: bigint | null = null;
  for (const item of items) {
    const id = BigInt(item.id);
    if (min === null || id < min) min = id;
  }
  return min;
}
