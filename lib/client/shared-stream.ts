import type { NotificationItem, StreamedItem } from "../notifications/notification-item";
import type { ReadStateChange } from "../notifications/read-state";
import type { Preferences } from "../preferences/preferences-schema";
import { UnreadCounter, type UnreadSnapshot } from "./unread-counter";

// One live stream per browser (docs/architecture.md): every tab asks for the same Web Lock; the tab that
// holds it (the leader) opens the only EventSource and relays what it receives to the other tabs
// over a BroadcastChannel. When the leader's tab closes, the browser hands the lock to another
// tab, which reopens the stream from the newest cursor any tab has seen, so nothing falls between.
// The leader also keeps the unread count and the open actions (actionCount), so every tab shows the
// same numbers.
//
// Plain TypeScript with the browser APIs handed in, so it is tested without a browser.

export const STREAM_LOCK = "gw-notifications-stream";
export const STREAM_CHANNEL = "gw-notifications";
export const STREAM_URL = "/api/notifications/stream";

/** Consecutive failures after which the status says "offline" rather than "reconnecting". */
export const OFFLINE_AFTER = 3;
/**
 * Streams refused in a row before opening, while the server answers a plain request as signed in,
 * after which the cursor is dropped: the server no longer takes it (one from before an upgrade, or
 * signed with a key that was lost). The next stream starts from now and the lists are read again.
 */
export const CURSOR_REFUSED_AFTER = 2;
const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 15_000;
/** After a read-state change, when the leader re-reads the count to settle any race with a live item. */
const SETTLE_COUNT_MS = 1_000;

export type StreamStatus = "connecting" | "live" | "reconnecting" | "offline";
/** A read-state frame: its ids, upTo or (a read thread) thread, with the counts after it. */
export type ReadStateEvent = Omit<ReadStateChange, "userId"> & { thread?: string; actionCount?: number };

export type StreamEvent =
  | { kind: "notification"; item: NotificationItem; cursor: string | null }
  /** A notification shown earlier, as it is now (resolved, changed, cancelled): replace it wherever shown. */
  | { kind: "notification-updated"; item: NotificationItem; cursor: string | null }
  | { kind: "read-state"; change: ReadStateEvent }
  /** The person's notification preferences changed (on any device): apply them now. */
  | { kind: "preferences"; preferences: Preferences }
  | { kind: "status"; status: StreamStatus }
  | { kind: "unread-count"; unreadCount: number }
  | { kind: "action-count"; actionCount: number }
  /** The stream came back after a break: read state may have changed meanwhile; lists re-read. */
  | { kind: "resync" }
  | { kind: "locale-changed" }
  | { kind: "signed-out" };

type WireMessage =
  | { type: "hello" }
  | { type: "state"; status: StreamStatus; unreadCount: number | null; actionCount: number | null; cursor: string | null }
  | { type: "event"; event: StreamEvent };

// The few members of the browser APIs used here.
export interface EventSourceLike {
  readonly readyState: number;
  onopen: ((event: Event) => void) | null;
  onerror: ((event: Event) => void) | null;
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void;
  close(): void;
}

export interface ChannelLike {
  onmessage: ((event: MessageEvent) => void) | null;
  postMessage(message: unknown): void;
  close(): void;
}

export interface LocksLike {
  request(name: string, options: { signal?: AbortSignal }, callback: () => Promise<void>): Promise<unknown>;
}

export interface SharedStreamDeps {
  openEventSource(url: string): EventSourceLike;
  /** Null where BroadcastChannel is missing: the tab then streams for itself. */
  openChannel(name: string): ChannelLike | null;
  /** Null where Web Locks are missing (an insecure origin): the tab then streams for itself. */
  locks: LocksLike | null;
  fetchUnread(): Promise<UnreadSnapshot | "signed-out">;
  isOnline(): boolean;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  random(): number;
}

const OPEN = 1;
const CLOSED = 2;
const ANNOUNCEMENTS = new Set<StreamEvent["kind"]>(["locale-changed", "signed-out"]);

export class SharedStream {
  status: StreamStatus = "connecting";
  unreadCount: number | null = null;
  /** Pending actions (approvals to decide): the leader's number, as every tab shows it. */
  actionCount: number | null = null;
  /** The newest stream cursor any tab has seen: where a new leader resumes. */
  cursor: string | null = null;

  private readonly listeners = new Set<(event: StreamEvent) => void>();
  private channel: ChannelLike | null = null;
  private source: EventSourceLike | null = null;
  private leading = false;
  /** Without Web Locks every tab streams for itself, and only announcements cross between tabs. */
  private solo = false;
  private stopped = false;
  private releaseLock: (() => void) | null = null;
  private readonly lockRequest = new AbortController();
  private retryTimer: unknown = null;
  private countTimer: unknown = null;
  private failures = 0;
  /** The browser had a live stream before (here or in the previous leader): a new one is a reconnect. */
  private everLive = false;
  private restarting = false;
  /** The current EventSource opened (it answered 200), so a close afterwards is not a refusal. */
  private opened = false;
  private refusals = 0;
  /** The cursor was dropped: the next stream that opens tells the lists to read again. */
  private startedOver = false;
  private counter = new UnreadCounter();

  constructor(private readonly deps: SharedStreamDeps) {}

  get isLeader(): boolean {
    return this.leading;
  }

  start(): void {
    this.channel = this.deps.openChannel(STREAM_CHANNEL);
    if (this.channel) this.channel.onmessage = (event) => this.onWire(event.data as WireMessage);
    if (!this.channel || !this.deps.locks) {
      this.solo = true;
      this.lead();
      return;
    }
    this.deps.locks
      .request(STREAM_LOCK, { signal: this.lockRequest.signal }, () => {
        if (this.stopped) return Promise.resolve();
        return new Promise<void>((resolve) => {
          this.releaseLock = resolve;
          this.lead();
        });
      })
      .catch(() => undefined); // aborted by stop() while waiting
    this.post({ type: "hello" });
  }

  stop(): void {
    this.stopped = true;
    this.leading = false;
    this.lockRequest.abort();
    this.closeSource();
    this.deps.clearTimeout(this.retryTimer);
    this.deps.clearTimeout(this.countTimer);
    this.releaseLock?.();
    this.releaseLock = null;
    this.channel?.close();
    this.channel = null;
  }

  subscribe(listener: (event: StreamEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Something every tab must hear (a language switch, a sign-out), this one included. */
  broadcast(event: Extract<StreamEvent, { kind: "locale-changed" | "signed-out" }>): void {
    this.post({ type: "event", event });
    this.onRelayed(event);
  }

  /** The unread count in the answer to this tab's own request (mark read, unread, all). */
  reportUnreadCount(unreadCount: number): void {
    if (this.leading) this.counter.set(unreadCount);
    this.setCount(unreadCount, this.leading);
  }

  /**
   * The action count in the answer to this tab's own request (a list page, a mark). The leader's
   * goes to every tab; another tab's shows here until the leader's next number.
   */
  reportActionCount(actionCount: number | undefined): void {
    if (typeof actionCount === "number") this.setActionCount(actionCount, this.leading);
  }

  /** The network came back, or the person returned to the tab: try now rather than at the next retry. */
  retryNow(): void {
    if (!this.leading || this.stopped) return;
    // The stream may have outlived the browser's "offline" moment.
    if (this.source?.readyState === OPEN) {
      this.setStatus("live");
      return;
    }
    if (this.source) return; // the browser is reconnecting it
    this.deps.clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.connect();
  }

  /** The browser lost its network: say so at once (the stream notices only at its next read). */
  wentOffline(): void {
    if (this.leading) this.setStatus("offline");
  }

  private lead(): void {
    if (this.stopped) return;
    this.leading = true;
    this.failures = 0;
    this.counter = new UnreadCounter();
    if (this.unreadCount !== null) this.counter.set(this.unreadCount);
    if (this.everLive) this.setStatus("reconnecting");
    this.connect();
  }

  private connect(): void {
    if (!this.leading || this.stopped) return;
    const url = this.cursor ? `${STREAM_URL}?lastEventId=${encodeURIComponent(this.cursor)}` : STREAM_URL;
    const source = this.deps.openEventSource(url);
    this.source = source;
    this.opened = false;
    source.addEventListener("notification", (event) => this.onNotification(event));
    source.addEventListener("notification-updated", (event) => this.onNotificationUpdated(event));
    source.addEventListener("read-state", (event) => this.onReadState(event));
    source.addEventListener("preferences", (event) => {
      const preferences = parseJson<Preferences>(event.data);
      if (!preferences || typeof preferences.toasts !== "boolean") return;
      this.send({ kind: "preferences", preferences });
      // A new mute hides what is shown already: the count and the lists are read again.
      this.refreshCount(0);
      this.send({ kind: "resync" });
    });
    source.onopen = () => this.onOpen(source);
    source.onerror = () => this.onError(source);
  }

  private onOpen(source: EventSourceLike): void {
    if (this.source !== source) return;
    const reconnected = (this.everLive && !this.restarting) || this.startedOver;
    this.restarting = false;
    this.startedOver = false;
    this.opened = true;
    this.refusals = 0;
    this.failures = 0;
    this.setStatus("live");
    this.refreshCount(0);
    if (reconnected) this.send({ kind: "resync" });
  }

  private onError(source: EventSourceLike): void {
    if (this.source !== source) return;
    this.failures += 1;
    this.restarting = false;
    if (source.readyState === CLOSED) {
      // The browser gave up (an HTTP error, such as a proxy's 502 while the server restarts):
      // a new EventSource after a growing pause, resuming from the cursor.
      this.closeSource();
      this.scheduleRetry();
    }
    this.setStatus(this.failures >= OFFLINE_AFTER || !this.deps.isOnline() ? "offline" : "reconnecting");
  }

  private scheduleRetry(): void {
    const ceiling = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** (this.failures - 1));
    // Jitter, so that every browser does not come back at the same moment after a restart.
    const delay = ceiling / 2 + (this.deps.random() * ceiling) / 2;
    this.retryTimer = this.deps.setTimeout(() => {
      this.retryTimer = null;
      void this.reconnectUnlessSignedOut();
    }, delay);
  }

  // An EventSource cannot see the status that closed it; a plain request tells a sign-out (401)
  // from a server that is still down, which is worth retrying.
  private async reconnectUnlessSignedOut(): Promise<void> {
    const answer = await this.deps.fetchUnread().catch(() => null);
    if (!this.leading || this.stopped || this.source) return;
    if (answer === "signed-out") {
      this.setStatus("offline");
      this.send({ kind: "signed-out" });
      return;
    }
    this.refusals = answer !== null && !this.opened ? this.refusals + 1 : 0;
    if (this.cursor && this.refusals >= CURSOR_REFUSED_AFTER) {
      this.cursor = null;
      this.startedOver = true;
    }
    this.connect();
  }

  private onNotification(event: MessageEvent<string>): void {
    const item = parseJson<StreamedItem>(event.data);
    if (!item || typeof item.id !== "string") return;
    // Sent to every tab, this one too: each notes the cursor if it is newer (noteCursor).
    this.send({ kind: "notification", item: withoutCount(item), cursor: event.lastEventId || null });
    if (this.counter.received(item) && this.counter.count !== null) this.setCount(this.counter.count, true);
    if (typeof item.actionCount === "number") this.setActionCount(item.actionCount, true);
  }

  // An update carries no change of read state (read-state frames do), so the unread count stays.
  private onNotificationUpdated(event: MessageEvent<string>): void {
    const item = parseJson<StreamedItem>(event.data);
    if (!item || typeof item.id !== "string") return;
    this.send({ kind: "notification-updated", item: withoutCount(item), cursor: event.lastEventId || null });
    if (typeof item.actionCount === "number") this.setActionCount(item.actionCount, true);
  }

  private onReadState(event: MessageEvent<string>): void {
    const change = parseJson<ReadStateEvent>(event.data);
    if (!change || typeof change.unreadCount !== "number") return;
    this.send({ kind: "read-state", change });
    this.counter.set(change.unreadCount);
    this.setCount(change.unreadCount, true);
    if (typeof change.actionCount === "number") this.setActionCount(change.actionCount, true);
    this.refreshCount(SETTLE_COUNT_MS);
  }

  private refreshCount(delay: number): void {
    this.deps.clearTimeout(this.countTimer);
    this.countTimer = this.deps.setTimeout(async () => {
      this.countTimer = null;
      const since = this.counter.mark();
      const snapshot = await this.deps.fetchUnread().catch(() => null);
      if (!this.leading || !snapshot || snapshot === "signed-out") return;
      this.counter.snapshot(snapshot, since);
      if (this.counter.count !== null) this.setCount(this.counter.count, true);
      if (typeof snapshot.actionCount === "number") this.setActionCount(snapshot.actionCount, true);
    }, delay);
  }

  private restart(): void {
    if (!this.leading) return;
    this.closeSource();
    this.deps.clearTimeout(this.retryTimer);
    this.restarting = true;
    this.connect();
  }

  private closeSource(): void {
    this.source?.close();
    this.source = null;
  }

  private setStatus(status: StreamStatus): void {
    if (this.status === status) return;
    this.send({ kind: "status", status });
  }

  private setCount(unreadCount: number, toEveryTab: boolean): void {
    if (this.unreadCount === unreadCount) return;
    if (toEveryTab) this.send({ kind: "unread-count", unreadCount });
    else this.onRelayed({ kind: "unread-count", unreadCount });
  }

  private setActionCount(actionCount: number, toEveryTab: boolean): void {
    if (this.actionCount === actionCount) return;
    if (toEveryTab) this.send({ kind: "action-count", actionCount });
    else this.onRelayed({ kind: "action-count", actionCount });
  }

  /** To the other tabs (when this one streams for them) and to this one. */
  private send(event: StreamEvent): void {
    if (!this.solo) this.post({ type: "event", event });
    this.onRelayed(event);
  }

  private onWire(message: WireMessage): void {
    if (this.solo && !(message.type === "event" && ANNOUNCEMENTS.has(message.event.kind))) return;
    switch (message.type) {
      case "hello":
        if (this.leading)
          this.post({
            type: "state",
            status: this.status,
            unreadCount: this.unreadCount,
            actionCount: this.actionCount,
            cursor: this.cursor,
          });
        return;
      case "state":
        if (this.leading) return;
        this.noteCursor(message.cursor);
        if (message.unreadCount !== null) this.onRelayed({ kind: "unread-count", unreadCount: message.unreadCount });
        if (message.actionCount !== null) this.onRelayed({ kind: "action-count", actionCount: message.actionCount });
        if (message.status !== this.status) this.onRelayed({ kind: "status", status: message.status });
        return;
      case "event":
        this.onRelayed(message.event);
        return;
    }
  }

  // Every event, from this tab's stream or another's, passes here once.
  private onRelayed(event: StreamEvent): void {
    switch (event.kind) {
      case "notification":
      case "notification-updated":
        this.noteCursor(event.cursor);
        break;
      case "status":
        if (event.status === "live") this.everLive = true;
        this.status = event.status;
        break;
      case "unread-count":
        this.unreadCount = event.unreadCount;
        break;
      case "action-count":
        this.actionCount = event.actionCount;
        break;
      case "locale-changed":
        // The server renders texts in the language at the time a stream opens.
        this.restart();
        break;
    }
    for (const listener of this.listeners) listener(event);
  }

  private noteCursor(cursor: string | null): void {
    if (cursor && (this.cursor === null || position(cursor) > position(this.cursor))) this.cursor = cursor;
  }

  private post(message: WireMessage): void {
    this.channel?.postMessage(message);
  }
}

/** The item without the frame's count, which travels as its own event. */
function withoutCount(item: StreamedItem): NotificationItem {
  const { actionCount: _count, ...rest } = item;
  return rest;
}

// The stream is our own server's, but a malformed message must not break the page.
function parseJson<T>(data: string): T | null {
  try {
    const value: unknown = JSON.parse(data);
    return typeof value === "object" && value !== null ? (value as T) : null;
  } catch {
    return null;
  }
}

/** A stream cursor is "<position>.<signature>" (the server's notifications/cursor.ts); tabs compare the positions. */
function position(cursor: string): bigint {
  const dot = cursor.indexOf(".");
  return BigInt(dot === -1 ? cursor : cursor.slice(0, dot));
}
