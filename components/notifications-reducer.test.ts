import { describe, expect, it } from "vitest";
import type { NotificationItem, NotificationPage } from "./notification-types";
import { initialNotificationsState, notificationsReducer, type NotificationsAction, type NotificationsState } from "./notifications-reducer";

function item(id: string, readAt: string | null = null): NotificationItem {
  return {
    id,
    eventId: `event-${id}`,
    type: "notification.custom",
    source: "groupware/board",
    title: `title ${id}`,
    body: null,
    link: null,
    actor: null,
    createdAt: "2026-11-24T09:30:00.000Z",
    readAt,
  };
}

function page(items: NotificationItem[], unreadCount: number): NotificationPage {
  return { items, nextCursor: null, unreadCount };
}

function run(...actions: NotificationsAction[]): NotificationsState {
  return actions.reduce(notificationsReducer, initialNotificationsState);
}

const ids = (state: NotificationsState) => state.items.map((i) => i.id);

describe("notificationsReducer", () => {
  it("takes the first page and the server's unread count", () => {
    const state = run({ type: "loaded", page: page([item("2"), item("1", "2026-11-24T10:00:00Z")], 5) });
    expect(state.status).toBe("ready");
    expect(ids(state)).toEqual(["2", "1"]);
    expect(state.unreadCount).toBe(5);
  });

  it("prepends a live item and counts it when unread", () => {
    const state = run({ type: "loaded", page: page([item("1")], 1) }, { type: "received", item: item("2") });
    expect(ids(state)).toEqual(["2", "1"]);
    expect(state.unreadCount).toBe(2);
  });

  it("does not count a live item that is already read", () => {
    const state = run(
      { type: "loaded", page: page([], 0) },
      { type: "received", item: item("2", "2026-11-24T10:00:00Z") },
    );
    expect(ids(state)).toEqual(["2"]);
    expect(state.unreadCount).toBe(0);
  });

  it("ignores a replayed item it already shows", () => {
    const state = run(
      { type: "loaded", page: page([item("1")], 1) },
      { type: "received", item: item("2") },
      { type: "received", item: item("2") },
      { type: "received", item: item("1") },
    );
    expect(ids(state)).toEqual(["2", "1"]);
    expect(state.unreadCount).toBe(2);
  });

  it.each([
    { name: "already in the page", pageItems: [item("3"), item("2")], pageCount: 2, expectedIds: ["3", "2"], expectedCount: 2 },
    { name: "newer than the page", pageItems: [item("2")], pageCount: 1, expectedIds: ["3", "2"], expectedCount: 2 },
  ])("merges a live item that beat the first page when it is $name", ({ pageItems, pageCount, expectedIds, expectedCount }) => {
    const early = run({ type: "received", item: item("3") });
    expect(early.unreadCount).toBeNull();
    expect(early.items).toEqual([]);

    const state = notificationsReducer(early, { type: "loaded", page: page(pageItems, pageCount) });
    expect(ids(state)).toEqual(expectedIds);
    expect(state.unreadCount).toBe(expectedCount);
    expect(state.early).toEqual([]);
  });

  it("keeps the items it has when a reload fails", () => {
    const state = run({ type: "loaded", page: page([item("1")], 1) }, { type: "load-started" }, { type: "load-failed" });
    expect(state.status).toBe("error");
    expect(ids(state)).toEqual(["1"]);
  });

  it("tracks the connection state", () => {
    expect(run({ type: "connection", state: "live" }).connection).toBe("live");
    expect(run({ type: "connection", state: "live" }, { type: "connection", state: "offline" }).connection).toBe("offline");
  });
});
