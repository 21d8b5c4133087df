import { describe, expect, it } from "vitest";
import type { NotificationItem } from "../notifications/notification-item";
import { UnreadCounter } from "./unread-counter";

function item(id: string, readAt: string | null = null): NotificationItem {
  return {
    id,
    eventId: `e${id}`,
    type: "notification.custom",
    source: "groupware/board",
    title: id,
    body: null,
    link: null,
    actor: null,
    createdAt: "2026-11-24T09:30:00.000Z",
    readAt,
    thread: null,
    status: "active",
    updatedAt: null,
    action: null,
    ack: null,
    snoozedUntil: null,
    unsnoozedAt: null,
  };
}

describe("UnreadCounter", () => {
  it("has no count until the server gives one, then counts new unread arrivals once", () => {
    const counter = new UnreadCounter();
    expect(counter.received(item("1"))).toBe(false);
    expect(counter.count).toBeNull();
    counter.snapshot({ unreadCount: 3, unreadIds: ["3", "2", "1"], complete: true }, counter.mark());
    expect(counter.count).toBe(3);
    expect(counter.received(item("4"))).toBe(true);
    expect(counter.received(item("4"))).toBe(false);
    expect(counter.received(item("5", "2026-11-24T10:00:00Z"))).toBe(false);
    expect(counter.count).toBe(4);
  });

  it("does not count twice a notification the snapshot had already counted when it arrived late", () => {
    const counter = new UnreadCounter();
    counter.snapshot({ unreadCount: 2, unreadIds: ["7", "6"], complete: true }, counter.mark());
    expect(counter.received(item("7"))).toBe(false);
    expect(counter.count).toBe(2);
  });

  it("adds what arrived while the snapshot was on its way and is not in it", () => {
    const counter = new UnreadCounter();
    counter.set(1);
    const since = counter.mark();
    counter.received(item("9"));
    counter.received(item("10"));
    expect(counter.count).toBe(3);
    // The snapshot was taken after 9 was written and before 10.
    counter.snapshot({ unreadCount: 2, unreadIds: ["9", "3"], complete: true }, since);
    expect(counter.count).toBe(3);
    expect(counter.received(item("10"))).toBe(false);
  });

  it("treats an arrival older than an incomplete snapshot's window as counted", () => {
    const counter = new UnreadCounter();
    const since = counter.mark();
    counter.received(item("5"));
    counter.received(item("40"));
    counter.snapshot({ unreadCount: 30, unreadIds: ["39", "38", "37"], complete: false }, since);
    expect(counter.count).toBe(31);
  });

  it("takes a count given without ids as it is", () => {
    const counter = new UnreadCounter();
    counter.snapshot({ unreadCount: 5, unreadIds: ["5", "4", "3", "2", "1"], complete: true }, counter.mark());
    counter.set(0);
    expect(counter.count).toBe(0);
    expect(counter.received(item("6"))).toBe(true);
    expect(counter.count).toBe(1);
  });
});
