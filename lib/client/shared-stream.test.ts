import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import type { NotificationItem } from "../notifications/notification-item";
import {
  CURSOR_REFUSED_AFTER,
  type EventSourceLike,
  type LocksLike,
  SharedStream,
  type SharedStreamDeps,
  STREAM_URL,
  type StreamEvent,
} from "./shared-stream";
import type { UnreadSnapshot } from "./unread-counter";

// Tabs of one browser, each a SharedStream, over Node's real BroadcastChannel; Web Locks, the
// EventSource and the clock are small stand-ins that behave as the browser's do.

class FakeEventSource implements EventSourceLike {
  readyState = 0;
  onopen: ((event: Event) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  private readonly listeners = new Map<string, ((event: MessageEvent<string>) => void)[]>();

  constructor(readonly url: string) {}

  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close(): void {
    this.readyState = 2;
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.(new Event("open"));
  }
  emit(type: string, data: unknown, lastEventId = ""): void {
    const event = { data: JSON.stringify(data), lastEventId } as MessageEvent<string>;
    for (const listener of this.listeners.get(type) ?? []) listener(event);
  }
  /** A network error (the browser retries by itself) or an HTTP error (it gives up: CLOSED). */
  fail(gaveUp: boolean): void {
    this.readyState = gaveUp ? 2 : 0;
    this.onerror?.(new Event("error"));
  }
}

/** Web Locks: one holder per name, the next waiter granted when it lets go, waiters abortable. */
class FakeLocks implements LocksLike {
  private held = false;
  private readonly waiting: { callback: () => Promise<void>; done: (value: unknown) => void }[] = [];

  request(_name: string, options: { signal?: AbortSignal }, callback: () => Promise<void>): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const entry = { callback, done: resolve };
      options.signal?.addEventListener("abort", () => {
        const index = this.waiting.indexOf(entry);
        if (index >= 0) this.waiting.splice(index, 1);
        reject(new Error("AbortError"));
      });
      this.waiting.push(entry);
      this.grant();
    });
  }

  private grant(): void {
    if (this.held) return;
    const next = this.waiting.shift();
    if (!next) return;
    this.held = true;
    void Promise.resolve()
      .then(next.callback)
      .then((value) => {
        this.held = false;
        next.done(value);
        this.grant();
      });
  }
}

class ManualClock {
  now = 0;
  private timers: { at: number; callback: () => void; handle: number }[] = [];
  private nextHandle = 1;

  setTimeout = (callback: () => void, ms: number): unknown => {
    const handle = this.nextHandle++;
    this.timers.push({ at: this.now + ms, callback, handle });
    return handle;
  };
  clearTimeout = (handle: unknown): void => {
    this.timers = this.timers.filter((timer) => timer.handle !== handle);
  };
  async advance(ms: number): Promise<void> {
    this.now += ms;
    for (;;) {
      const due = this.timers.filter((timer) => timer.at <= this.now).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.clearTimeout(due.handle);
      due.callback();
      await settle();
    }
  }
}

interface Tab {
  stream: SharedStream;
  events: StreamEvent[];
}

let browser: ReturnType<typeof newBrowser>;
afterEach(() => {
  for (const tab of browser.tabs) tab.stream.stop();
});

function newBrowser({ locks = true } = {}) {
  const channelName = `test-${randomUUID()}`;
  const sources: FakeEventSource[] = [];
  const clock = new ManualClock();
  const state = { unread: { unreadCount: 0, unreadIds: [], complete: true } as UnreadSnapshot | "signed-out", fetches: 0 };
  const sharedLocks = new FakeLocks();
  const tabs: Tab[] = [];
  const deps = (): SharedStreamDeps => ({
    openEventSource: (url) => {
      const source = new FakeEventSource(url);
      sources.push(source);
      return source;
    },
    openChannel: () => new BroadcastChannel(channelName) as unknown as ReturnType<SharedStreamDeps["openChannel"]>,
    locks: locks ? sharedLocks : null,
    fetchUnread: async () => {
      state.fetches += 1;
      return state.unread;
    },
    isOnline: () => true,
    setTimeout: clock.setTimeout,
    clearTimeout: clock.clearTimeout,
    random: () => 1,
  });
  return {
    sources,
    clock,
    state,
    tabs,
    async openTab(): Promise<Tab> {
      const tab: Tab = { stream: new SharedStream(deps()), events: [] };
      tab.stream.subscribe((event) => tab.events.push(event));
      tab.stream.start();
      tabs.push(tab);
      await settle();
      return tab;
    },
  };
}

/** Lets BroadcastChannel messages and granted locks through (they arrive on later turns). */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 2));
}

function item(id: string): NotificationItem {
  return {
    id,
    eventId: `e${id}`,
    type: "notification.custom",
    source: "groupware/board",
    title: `title ${id}`,
    body: null,
    link: null,
    actor: null,
    createdAt: "2026-11-24T09:30:00.000Z",
    readAt: null,
    thread: null,
    status: "active",
    updatedAt: null,
    action: null,
    ack: null,
    snoozedUntil: null,
    unsnoozedAt: null,
  };
}

const kinds = (tab: Tab, kind: StreamEvent["kind"]) => tab.events.filter((event) => event.kind === kind);
const titles = (tab: Tab) => tab.events.flatMap((event) => (event.kind === "notification" ? [event.item.title] : []));

describe("SharedStream", () => {
  it("opens one EventSource for all tabs and gives every tab its notifications and the count", async () => {
    browser = newBrowser();
    const a = await browser.openTab();
    const b = await browser.openTab();
    expect(browser.sources).toHaveLength(1);
    expect(browser.sources[0]!.url).toBe(STREAM_URL);
    expect(a.stream.isLeader).toBe(true);
    expect(b.stream.isLeader).toBe(false);

    browser.state.unread = { unreadCount: 2, unreadIds: ["2", "1"], complete: true };
    browser.sources[0]!.open();
    await browser.clock.advance(0);
    expect([a.stream.status, b.stream.status]).toEqual(["live", "live"]);
    expect([a.stream.unreadCount, b.stream.unreadCount]).toEqual([2, 2]);

    browser.sources[0]!.emit("notification", item("3"), "41.mac41");
    await settle();
    expect(titles(a)).toEqual(["title 3"]);
    expect(titles(b)).toEqual(["title 3"]);
    expect([a.stream.unreadCount, b.stream.unreadCount]).toEqual([3, 3]);
    expect(b.stream.cursor).toBe("41.mac41");
  });

  it("passes read-state changes to every tab and settles the count with a fresh read", async () => {
    browser = newBrowser();
    const a = await browser.openTab();
    const b = await browser.openTab();
    browser.sources[0]!.open();
    await browser.clock.advance(0);

    browser.sources[0]!.emit("read-state", { ids: ["7"], read: true, unreadCount: 4 });
    await settle();
    expect(kinds(b, "read-state")).toEqual([{ kind: "read-state", change: { ids: ["7"], read: true, unreadCount: 4 } }]);
    expect(b.stream.unreadCount).toBe(4);

    const fetchesBefore = browser.state.fetches;
    browser.state.unread = { unreadCount: 5, unreadIds: ["8"], complete: false };
    await browser.clock.advance(1_000);
    expect(browser.state.fetches).toBe(fetchesBefore + 1);
    expect([a.stream.unreadCount, b.stream.unreadCount]).toEqual([5, 5]);
  });

  it("gives every tab new preferences, and has the count and the lists read again (a new mute hides what they show)", async () => {
    browser = newBrowser();
    const a = await browser.openTab();
    const b = await browser.openTab();
    browser.state.unread = { unreadCount: 3, unreadIds: ["3", "2", "1"], complete: true };
    browser.sources[0]!.open();
    await browser.clock.advance(0);
    expect(b.stream.unreadCount).toBe(3);

    browser.state.unread = { unreadCount: 1, unreadIds: ["3"], complete: true };
    const preferences = { muted: [{ source: "groupware/calendar" }], toasts: true, quietHours: null };
    browser.sources[0]!.emit("preferences", preferences);
    await browser.clock.advance(0);
    for (const tab of [a, b]) {
      expect(kinds(tab, "preferences")).toEqual([{ kind: "preferences", preferences }]);
      expect(kinds(tab, "resync")).toHaveLength(1);
      expect(tab.stream.unreadCount).toBe(1);
    }
  });

  it("relays notification-updated frames to every tab, replacing by id, and tracks their cursor", async () => {
    browser = newBrowser();
    const a = await browser.openTab();
    const b = await browser.openTab();
    browser.sources[0]!.open();
    await browser.clock.advance(0);
    browser.sources[0]!.emit("notification", { ...item("3"), actionCount: 1 }, "41.mac41");
    await settle();

    const resolved = { ...item("3"), status: "resolved", title: "settled 3", actionCount: 0 };
    browser.sources[0]!.emit("notification-updated", resolved, "42.mac42");
    await settle();
    for (const tab of [a, b]) {
      const updates = kinds(tab, "notification-updated");
      expect(updates).toHaveLength(1);
      expect(updates[0]).toMatchObject({ kind: "notification-updated", cursor: "42.mac42", item: { id: "3", status: "resolved" } });
      // The count travels as its own event; the item is the plain notification item.
      expect(updates[0]!.kind === "notification-updated" && "actionCount" in updates[0]!.item).toBe(false);
      expect(tab.stream.cursor).toBe("42.mac42");
    }
    // An update changes no read state: the unread count stays where the notification put it.
    expect([a.stream.unreadCount, b.stream.unreadCount]).toEqual([1, 1]);
    expect(titles(b)).toEqual(["title 3"]);

    // A new leader resumes after the update, so a reconnect replays only what came after it.
    a.stream.stop();
    await settle();
    expect(browser.sources[1]!.url).toBe(`${STREAM_URL}?lastEventId=42.mac42`);
  });

  it("keeps one action count for every tab: from the stream's items, read-state frames and the leader's reads", async () => {
    browser = newBrowser();
    const a = await browser.openTab();
    const b = await browser.openTab();
    browser.state.unread = { unreadCount: 2, unreadIds: ["2", "1"], complete: true, actionCount: 2 };
    browser.sources[0]!.open();
    await browser.clock.advance(0);
    expect([a.stream.actionCount, b.stream.actionCount]).toEqual([2, 2]);

    browser.sources[0]!.emit("notification", { ...item("3"), actionCount: 3 }, "41.mac41");
    await settle();
    expect([a.stream.actionCount, b.stream.actionCount]).toEqual([3, 3]);

    // Someone else approved: the request is resolved and stops counting at once, in every tab.
    browser.sources[0]!.emit("notification-updated", { ...item("3"), status: "resolved", actionCount: 2 }, "42.mac42");
    await settle();
    expect([a.stream.actionCount, b.stream.actionCount]).toEqual([2, 2]);
    expect(kinds(b, "action-count").map((e) => (e.kind === "action-count" ? e.actionCount : -1))).toEqual([2, 3, 2]);

    browser.sources[0]!.emit("read-state", { thread: "groupware/board|POST-1", read: true, unreadCount: 1, actionCount: 1 });
    await settle();
    expect([a.stream.actionCount, b.stream.actionCount]).toEqual([1, 1]);
    expect(kinds(b, "read-state")).toEqual([
      { kind: "read-state", change: { thread: "groupware/board|POST-1", read: true, unreadCount: 1, actionCount: 1 } },
    ]);

    // The settling read after a read-state change brings the server's number.
    browser.state.unread = { unreadCount: 1, unreadIds: ["1"], complete: true, actionCount: 0 };
    await browser.clock.advance(1_000);
    expect([a.stream.actionCount, b.stream.actionCount]).toEqual([0, 0]);

    // The leader's own answers go to every tab; another tab's stays in that tab until the leader's next number.
    a.stream.reportActionCount(4);
    await settle();
    expect(b.stream.actionCount).toBe(4);
    b.stream.reportActionCount(5);
    await settle();
    expect([a.stream.actionCount, b.stream.actionCount]).toEqual([4, 5]);
    a.stream.reportActionCount(undefined);
    expect(a.stream.actionCount).toBe(4);

    const late = await browser.openTab();
    expect(late.stream.actionCount).toBe(4);
  });

  it("tells a tab that opens later the status, count and cursor the leader has", async () => {
    browser = newBrowser();
    await browser.openTab();
    browser.state.unread = { unreadCount: 6, unreadIds: [], complete: false };
    browser.sources[0]!.open();
    await browser.clock.advance(0);
    browser.sources[0]!.emit("notification", item("9"), "77.mac77");
    await settle();

    const late = await browser.openTab();
    expect(late.stream.status).toBe("live");
    expect(late.stream.unreadCount).toBe(7);
    expect(late.stream.cursor).toBe("77.mac77");
    expect(browser.sources).toHaveLength(1);
  });

  it("hands the stream to another tab when the leader's tab closes, resuming from the newest cursor", async () => {
    browser = newBrowser();
    const a = await browser.openTab();
    const b = await browser.openTab();
    browser.sources[0]!.open();
    await browser.clock.advance(0);
    browser.sources[0]!.emit("notification", item("3"), "41.mac41");
    await settle();
    // An older cursor never moves it back; positions compare as numbers ("9.…" sorts after "41.…" as text).
    browser.sources[0]!.emit("notification", item("2"), "9.mac9");
    await settle();

    a.stream.stop();
    await settle();
    expect(b.stream.isLeader).toBe(true);
    expect(browser.sources).toHaveLength(2);
    expect(browser.sources[0]!.readyState).toBe(2);
    expect(browser.sources[1]!.url).toBe(`${STREAM_URL}?lastEventId=41.mac41`);
    expect(b.stream.status).toBe("reconnecting");

    browser.sources[1]!.open();
    await settle();
    expect(b.stream.status).toBe("live");
    // Read state may have changed while nobody listened: the lists read their first page again.
    expect(kinds(b, "resync")).toHaveLength(1);
  });

  it("reopens the stream after the browser gives up, with a growing pause, from the last cursor", async () => {
    browser = newBrowser();
    const tab = await browser.openTab();
    browser.sources[0]!.open();
    await browser.clock.advance(0);
    browser.sources[0]!.emit("notification", item("5"), "12.mac12");

    browser.sources[0]!.fail(false);
    expect(tab.stream.status).toBe("reconnecting");
    expect(browser.sources).toHaveLength(1);

    // The second failure in a row: the browser gave up, so a new EventSource after 2 s.
    browser.sources[0]!.fail(true);
    await browser.clock.advance(1_999);
    expect(browser.sources).toHaveLength(1);
    await browser.clock.advance(1);
    expect(browser.sources).toHaveLength(2);
    expect(browser.sources[1]!.url).toBe(`${STREAM_URL}?lastEventId=12.mac12`);

    browser.sources[1]!.fail(true);
    expect(tab.stream.status).toBe("offline");
    await browser.clock.advance(3_999);
    expect(browser.sources).toHaveLength(2);
    await browser.clock.advance(1);
    expect(browser.sources).toHaveLength(3);
    expect(browser.sources[2]!.url).toBe(`${STREAM_URL}?lastEventId=12.mac12`);

    browser.sources[2]!.open();
    await settle();
    expect(tab.stream.status).toBe("live");
    expect(kinds(tab, "resync")).toHaveLength(1);
    expect(kinds(tab, "status").map((e) => (e.kind === "status" ? e.status : ""))).toEqual(["live", "reconnecting", "offline", "live"]);
  });

  it("starts over from now, and has the lists read again, when the signed-in server keeps refusing its cursor", async () => {
    browser = newBrowser();
    const tab = await browser.openTab();
    browser.sources[0]!.open();
    await browser.clock.advance(0);
    // A cursor the server no longer takes (say, one from before an upgrade, when ids were bare numbers).
    browser.sources[0]!.emit("notification", item("5"), "12");
    browser.sources[0]!.fail(true);

    for (let refused = 1; refused <= CURSOR_REFUSED_AFTER; refused++) {
      await browser.clock.advance(60_000);
      expect(browser.sources[refused]!.url).toBe(`${STREAM_URL}?lastEventId=12`);
      browser.sources[refused]!.fail(true);
    }
    await browser.clock.advance(60_000);
    const fresh = browser.sources[CURSOR_REFUSED_AFTER + 1]!;
    expect(fresh.url).toBe(STREAM_URL);
    fresh.open();
    await settle();
    expect(tab.stream.status).toBe("live");
    expect(kinds(tab, "resync")).toHaveLength(1);
    fresh.emit("notification", item("6"), "3.mac3");
    await settle();
    expect(tab.stream.cursor).toBe("3.mac3");
  });

  it("stops retrying and says so when the session has ended", async () => {
    browser = newBrowser();
    const tab = await browser.openTab();
    browser.sources[0]!.open();
    await browser.clock.advance(0);
    browser.state.unread = "signed-out";
    browser.sources[0]!.fail(true);
    await browser.clock.advance(60_000);
    expect(browser.sources).toHaveLength(1);
    expect(kinds(tab, "signed-out")).toHaveLength(1);
  });

  it("reopens the leader's stream from its cursor when any tab switches language", async () => {
    browser = newBrowser();
    await browser.openTab();
    const b = await browser.openTab();
    browser.sources[0]!.open();
    await browser.clock.advance(0);
    browser.sources[0]!.emit("notification", item("3"), "41.mac41");
    await settle();

    b.stream.broadcast({ kind: "locale-changed" });
    await settle();
    expect(browser.sources).toHaveLength(2);
    expect(browser.sources[0]!.readyState).toBe(2);
    expect(browser.sources[1]!.url).toBe(`${STREAM_URL}?lastEventId=41.mac41`);
    browser.sources[1]!.open();
    await settle();
    expect(kinds(b, "locale-changed")).toHaveLength(1);
    expect(kinds(b, "resync")).toHaveLength(0);
  });

  it("streams in every tab where Web Locks are missing, sharing only announcements", async () => {
    browser = newBrowser({ locks: false });
    const a = await browser.openTab();
    const b = await browser.openTab();
    expect(browser.sources).toHaveLength(2);
    browser.sources[0]!.open();
    browser.sources[0]!.emit("notification", item("3"), "41.mac41");
    await settle();
    expect(titles(a)).toEqual(["title 3"]);
    expect(titles(b)).toEqual([]);

    a.stream.broadcast({ kind: "locale-changed" });
    await settle();
    expect(kinds(b, "locale-changed")).toHaveLength(1);
  });

  it("says live again when the network comes back and the stream outlived the outage", async () => {
    browser = newBrowser();
    const tab = await browser.openTab();
    browser.sources[0]!.open();
    await browser.clock.advance(0);
    tab.stream.wentOffline();
    expect(tab.stream.status).toBe("offline");
    tab.stream.retryNow();
    expect(tab.stream.status).toBe("live");
    expect(browser.sources).toHaveLength(1);
  });

  it("opens a stream at once when the network comes back during a pause between retries", async () => {
    browser = newBrowser();
    const tab = await browser.openTab();
    browser.sources[0]!.open();
    await browser.clock.advance(0);
    browser.sources[0]!.fail(true);
    await settle();
    expect(browser.sources).toHaveLength(1);
    tab.stream.retryNow();
    expect(browser.sources).toHaveLength(2);
    browser.sources[1]!.open();
    expect(tab.stream.status).toBe("live");
  });
});
