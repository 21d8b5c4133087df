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

function item(id: string, options: { readAt?: string | null; source?: string } & Partial<NotificationItem> = {}): NotificationItem {
  const { readAt, source, ...rest } = options;
  return {
    id,
    eventId: `event-${id}`,
    type: "notification.custom",
    source: source ?? "groupware/board",
    title: `title ${id}`,
    body: null,
    link: null,
    actor: null,
    createdAt: "2026-11-24T09:30:00.000Z",
    readAt: readAt ?? null,
    thread: null,
    status: "active",
    updatedAt: null,
    action: null,
    ack: null,
    snoozedUntil: null,
    unsnoozedAt: null,
    ...rest,
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

const THREADS: ListFilter = { read: "all", source: null, view: "threads" };
const POST = "groupware/board|POST-512";
const pending = { kind: "approval", status: "pending", outcome: null, by: null, at: null } as const;
const comment = (id: string, readAt: string | null = null) => item(id, { thread: POST, type: "board.comment.created", readAt });
const threadRow = (id: string, threadCount: number, threadUnread: number) => ({ ...comment(id), threadCount, threadUnread });
const counts = (state: NotificationListState) => state.items.map((i) => [i.id, i.threadCount, i.threadUnread]);

describe("notificationListReducer: items that follow their item", () => {
  it("replaces an updated item where it is shown, in place, and ignores one it does not show", () => {
    const start = run(loaded(page([item("3"), item("2", { action: pending }), item("1")])));
    const resolved = item("2", {
      status: "resolved",
      body: "이서준님이 이미 승인했습니다",
      action: { kind: "approval", status: "done", outcome: "approved", by: { id: "E0012", name: "이서준" }, at: READ_AT },
    });
    const state = notificationListReducer(start, { type: "updated", item: resolved });
    expect(ids(state)).toEqual(["3", "2", "1"]);
    expect(state.items[1]).toEqual(resolved);
    expect(notificationListReducer(state, { type: "updated", item: item("9", { status: "cancelled" }) }).items).toBe(state.items);
  });

  it("replaces an update that arrives while the first page loads, in the page and in what arrived", () => {
    const early = run({ type: "load-started" }, received(item("3")), { type: "updated", item: item("3", { status: "changed" }) });
    expect(early.arrived?.[0]?.status).toBe("changed");
    const state = notificationListReducer(early, loaded(page([item("2")])));
    expect(state.items.map((i) => [i.id, i.status])).toEqual([
      ["3", "changed"],
      ["2", "active"],
    ]);
  });

  it("takes a snoozed item away, and puts it back at the top, unread, when it comes back (once)", () => {
    const start = run(loaded(page([item("3"), item("2"), item("1")])));
    const away = notificationListReducer(start, { type: "updated", item: item("2", { snoozedUntil: READ_AT }), filter: ALL });
    expect(ids(away)).toEqual(["3", "1"]);
    const back = item("2", { unsnoozedAt: READ_AT });
    const returned = notificationListReducer(away, { type: "updated", item: back, filter: ALL });
    expect(ids(returned)).toEqual(["2", "3", "1"]);
    expect(ids(notificationListReducer(returned, { type: "updated", item: back, filter: ALL }))).toEqual(["2", "3", "1"]);
    // A later change of it, read by then, is not a return: it does not jump to the top.
    const read = item("2", { unsnoozedAt: READ_AT, readAt: READ_AT });
    expect(ids(notificationListReducer(away, { type: "updated", item: read, filter: ALL }))).toEqual(["3", "1"]);
  });

  it("keeps a thread row's counts when its newest notification is updated", () => {
    const start = run(loaded(page([threadRow("5", 3, 2)]), false));
    const state = notificationListReducer(start, { type: "updated", item: comment("5") });
    expect(counts(state)).toEqual([["5", 3, 2]]);
  });

  it("lists only pending actions under To do", () => {
    const todo: ListFilter = { read: "todo", source: null };
    const state = run(
      loaded(page([])),
      received(item("1"), todo),
      received(item("2", { action: pending }), todo),
      received(item("3", { action: { ...pending, status: "submitted" } }), todo),
      received(item("4", { action: pending, status: "cancelled" }), todo),
    );
    expect(ids(state)).toEqual(["2"]);
  });

  it("in the threads view, a new notification of a shown thread becomes its row, counted once", () => {
    const start = run(loaded(page([item("7"), threadRow("5", 2, 1)]), false));
    const state = [comment("8"), comment("8"), comment("4"), item("9"), comment("10", READ_AT)].reduce(
      (current, next) => notificationListReducer(current, received(next, THREADS)),
      start,
    );
    expect(counts(state)).toEqual([
      ["10", 4, 2],
      ["9", 1, 1],
      ["7", undefined, undefined],
    ]);
    expect(state.items[0]!.thread).toBe(POST);
  });

  it("in the threads view, folds what arrived during the first read into the page's thread rows", () => {
    const early = run({ type: "load-started" }, received(comment("6"), THREADS));
    const state = notificationListReducer(early, {
      type: "loaded",
      page: page([threadRow("5", 2, 2), item("4")]),
      keep: false,
      threads: true,
    });
    expect(counts(state)).toEqual([
      ["6", 3, 3],
      ["4", undefined, undefined],
    ]);
  });

  it("a thread read everywhere reads its row and its rows in an opened thread; read-all up to a row reads its whole thread", () => {
    const start = run(loaded(page([threadRow("5", 3, 2), item("4"), threadRow("2", 2, 2)])));
    const thread = notificationListReducer(start, { type: "read-state", change: { thread: POST, read: true }, at: READ_AT });
    expect(thread.items.map((i) => [i.id, i.readAt, i.threadUnread])).toEqual([
      ["5", READ_AT, 0],
      ["4", null, undefined],
      ["2", READ_AT, 0],
    ]);
    const upTo = notificationListReducer(start, { type: "read-state", change: { upTo: "4", read: true }, at: READ_AT });
    expect(upTo.items.map((i) => [i.id, i.readAt, i.threadUnread])).toEqual([
      ["5", null, 2],
      ["4", READ_AT, undefined],
      ["2", READ_AT, 0],
    ]);
    // One notification marked: its row's unread count follows it.
    const one = notificationListReducer(start, { type: "read-state", change: { ids: ["5"], read: true }, at: READ_AT });
    expect(counts(one)[0]).toEqual(["5", 3, 1]);
  });

  it("an opened thread shows only that thread's live notifications", () => {
    const opened: ListFilter = { read: "all", source: null, view: "threads", thread: POST };
    const state = run(loaded(page([comment("2")])), received(item("3"), opened), received(comment("4"), opened));
    expect(ids(state)).toEqual(["4", "2"]);
  });

  it("a decision's answer marks the action submitted, but never over an outcome the stream brought first", () => {
    const submitted = { ...pending, status: "submitted" } as const;
    const start = run(loaded(page([item("2", { action: pending })])));
    const acted = notificationListReducer(start, { type: "acted", id: "2", action: submitted });
    expect(acted.items[0]?.action?.status).toBe("submitted");
    const done = { kind: "approval", status: "done", outcome: "approved", by: null, at: READ_AT } as const;
    const settled = notificationListReducer(start, { type: "updated", item: item("2", { status: "resolved", action: done }) });
    const late = notificationListReducer(settled, { type: "acted", id: "2", action: submitted });
    expect(late.items[0]?.status).toBe("resolved");
    expect(late.items[0]?.action?.status).toBe("done");
  });

  it("pins must-read notices not yet acknowledged, from the first page and live, until one is acknowledged anywhere", () => {
    const mustRead = (id: string) => item(id, { ack: { required: true, dueAt: null, at: null } });
    const start = run(loaded({ ...page([item("3"), mustRead("2")]), pinned: [mustRead("2"), mustRead("1")] }), received(mustRead("4")));
    expect(start.pinned.map((i) => i.id)).toEqual(["4", "2", "1"]);
    expect(ids(start)).toEqual(["4", "3", "2"]);
    const acknowledged = notificationListReducer(start, {
      type: "updated",
      item: item("2", { readAt: READ_AT, ack: { required: true, dueAt: null, at: READ_AT } }),
    });
    expect(acknowledged.pinned.map((i) => i.id)).toEqual(["4", "1"]);
    expect(acknowledged.items.find((i) => i.id === "2")?.ack?.at).toBe(READ_AT);
    // The To do filter counts a must-read notice as something to do.
    const todo: ListFilter = { read: "todo", source: null };
    expect(ids(run(loaded(page([])), received(mustRead("5"), todo), received(item("6"), todo)))).toEqual(["5"]);
  });
});
