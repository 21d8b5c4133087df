import { describe, expect, it } from "vitest";
import type { ListFilter, NotificationPage } from "@/lib/client/notifications-api";
import type { NotificationItem } from "./notification-types";
import {
  initialListState,
  type NotificationListAction,
  type NotificationListState,
  notificationListReducer,
} from "./notifications-reducer";

const ALL: ListFilter = { read: "all", source: null };
const READ_AT = "2026-11-24T10:00:00.000Z";

function item(id: string, options: { readAt?: string | null; source?: string } = {}): NotificationItem {
  return {
    id,
    eventId: `event-${id}`,
    type: "notification.custom",
    source: options.source ?? "groupware/board",
    title: `title ${id}`,
    body: null,
    link: null,
    actor: null,
    createdAt: "2026-11-24T09:30:00.000Z",
    readAt: options.readAt ?? null,
    thread: null,
    status: "active",
    updatedAt: null,
    action: null,
  };
}

function page(items: NotificationItem[], nextCursor: string | null = null): NotificationPage {
  return { items, nextCursor, unreadCount: 0 };
}

function run(...actions: NotificationListAction[]): NotificationListState {
  return actions.reduce(notificationListReducer, initialListState);
}

const ids = (state: NotificationListState) => state.items.map((i) => i.id);
const received = (i: NotificationItem, filter = ALL): NotificationListAction => ({ type: "received", item: i, filter });
const loaded = (p: NotificationPage, keep = false): NotificationListAction => ({ type: "loaded", page: p, keep });

describe("notificationListReducer", () => {
  it("shows the first page, newest first", () => {
    const state = run({ type: "load-started" }, loaded(page([item("2"), item("1")], "1")));
    expect(state.status).toBe("ready");
    expect(ids(state)).toEqual(["2", "1"]);
    expect(state.nextCursor).toBe("1");
  });

  it("puts a live item on top, once, however often the stream replays it", () => {
    const state = run(loaded(page([item("1")])), received(item("2")), received(item("2")), received(item("1")));
    expect(ids(state)).toEqual(["2", "1"]);
  });

  it.each([
    { name: "already in the page", pageItems: ["3", "2"], expected: ["3", "2"] },
    { name: "newer than the page", pageItems: ["2"], expected: ["3", "2"] },
  ])("merges a live item that beat the first page when it is $name", ({ pageItems, expected }) => {
    const early = run({ type: "load-started" }, received(item("3")));
    expect(early.items).toEqual([]);
    const state = notificationListReducer(early, loaded(page(pageItems.map((id) => item(id)))));
    expect(ids(state)).toEqual(expected);
    expect(state.arrived).toBeNull();
  });

  it("keeps only live items the filter shows", () => {
    const unreadApprovals: ListFilter = { read: "unread", source: "groupware/approval" };
    const state = run(
      loaded(page([])),
      received(item("1", { source: "groupware/board" }), unreadApprovals),
      received(item("2", { source: "groupware/approval", readAt: READ_AT }), unreadApprovals),
      received(item("3", { source: "groupware/approval" }), unreadApprovals),
    );
    expect(ids(state)).toEqual(["3"]);
  });

  it("appends older pages without repeating a row, and ends when the cursor does", () => {
    const state = run(
      loaded(page([item("5"), item("4")], "4")),
      { type: "more-started" },
      { type: "more-loaded", page: page([item("4"), item("3")], "3") },
      { type: "more-loaded", page: page([item("2")], null) },
    );
    expect(ids(state)).toEqual(["5", "4", "3", "2"]);
    expect(state.nextCursor).toBeNull();
    expect(state.more).toBe("idle");
  });

  it("marks rows read and unread by id", () => {
    const start = run(loaded(page([item("2"), item("1")])));
    const read = notificationListReducer(start, { type: "read-state", change: { ids: ["1"], read: true }, at: READ_AT });
    expect(read.items.map((i) => i.readAt)).toEqual([null, READ_AT]);
    const unread = notificationListReducer(read, { type: "read-state", change: { ids: ["1"], read: false }, at: READ_AT });
    expect(unread.items.map((i) => i.readAt)).toEqual([null, null]);
  });

  it("reads everything up to upTo and leaves what arrived after it unread", () => {
    const state = run(loaded(page([item("3"), item("2"), item("1")])), received(item("4")), {
      type: "read-state",
      change: { upTo: "3", read: true },
      at: READ_AT,
    });
    expect(state.items.map((i) => [i.id, i.readAt])).toEqual([
      ["4", null],
      ["3", READ_AT],
      ["2", READ_AT],
      ["1", READ_AT],
    ]);
  });

  it("reads by id order when upTo is not among the rows (another filter's notification)", () => {
    const state = run(loaded(page([item("9"), item("5")])), { type: "read-state", change: { upTo: "7", read: true }, at: READ_AT });
    expect(state.items.map((i) => i.readAt)).toEqual([null, READ_AT]);
  });

  it("after a reconnect, takes the fresh first page and keeps the older rows it had loaded", () => {
    // While the stream was down, 7 arrived and 6 was read on another device.
    const state = run(
      loaded(page([item("6"), item("5")], "5")),
      { type: "more-loaded", page: page([item("4"), item("3")], "3") },
      { type: "load-started" },
      loaded(page([item("7"), item("6", { readAt: READ_AT })], "6"), true),
    );
    expect(ids(state)).toEqual(["7", "6", "5", "4", "3"]);
    expect(state.items[1]!.readAt).toBe(READ_AT);
    expect(state.nextCursor).toBe("3");
  });

  it("after a reconnect, drops rows that have left the filter", () => {
    const unread: ListFilter = { read: "unread", source: null };
    const state = run(
      loaded(page([item("3"), item("2"), item("1")])),
      { type: "load-started" },
      received(item("4"), unread),
      loaded(page([item("3"), item("1")]), true),
    );
    expect(ids(state)).toEqual(["4", "3", "1"]);
  });

  it("keeps the rows it has when a reload fails, and starts over on a new filter", () => {
    const failed = run(loaded(page([item("1")])), { type: "load-started" }, { type: "load-failed" });
    expect(failed.status).toBe("error");
    expect(ids(failed)).toEqual(["1"]);
    expect(notificationListReducer(failed, { type: "reset" })).toEqual(initialListState);
  });
});
