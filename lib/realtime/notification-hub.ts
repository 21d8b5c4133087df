import { CHANNELS } from "../db/channels";
import { env, requireSetting } from "../env";
import { AppError } from "../errors";
import type { Locale } from "../i18n/locale";
import { logger } from "../log";
import { metrics } from "../metrics";
import { type Cursors, notificationCursors } from "../notifications/cursor";
import {
  actionCounts,
  listNotificationsAfter,
  READ_SETTINGS,
  REPLAY_LIMIT,
  type StreamRow,
} from "../notifications/list-notifications-after";
import { toItem } from "../notifications/notification-item";
import type { ReadStateChange } from "../notifications/read-state";
import { DeliveryTimes } from "./delivery-times";
import { FLOW_LIMIT_BYTES } from "./event-stream";
import { KeepAlive } from "./keep-alive";
import { ListenConnection } from "./listen-connection";
import { PullQueue } from "./pull-queue";

// The SSE hub of one web process (docs/architecture.md): one LISTEN connection, fan-out in memory
// by person, and replay from the database. A NOTIFY only says whose cursor moved; the rows are read
// back in cursor order, so a stream never skips a row, whatever order the NOTIFYs arrive in. A
// stream lives no longer than its session: it closes when the session ends (sign-out anywhere)
// and, at the next keep-alive, once the session has expired. Its parts: the LISTEN connection
// (listen-connection.ts), the reads one at a time (pull-queue.ts), first-delivery times
// (delivery-times.ts) and the keep-alive timer (keep-alive.ts).

export interface Subscriber {
  userId: string;
  locale: Locale;
  /** The last cursor this stream has sent; rows after it are sent next. */
  lastSeq: bigint;
  /** The session the stream was opened with (its id, the token's digest) and when it expires. */
  session: { id: string; expiresAt: Date };
  /** Writes one SSE frame, encoded once for every stream that gets it. */
  write(frame: Uint8Array): void;
  /** Closes the stream; the browser reconnects, is refused (401) and shows the sign-in page. */
  end(): void;
  /** Bytes written and not yet taken by the reader: past FLOW_LIMIT_BYTES it gets no more rows for now. */
  backlog(): number;
  /** Frames have waited a whole keep-alive interval (two beats) and the reader took none: it is aborted. */
  stalled(): boolean;
  /** Aborts the stream; the browser reconnects with Last-Event-ID and replays. */
  abort(): void;
}

/** An admin's receipt page (PRODUCT.md §12): told when someone acknowledges the notice it shows. */
export interface ReceiptWatcher {
  postId: string;
  session: { id: string; expiresAt: Date };
  write(frame: Uint8Array): void;
  end(): void;
}

interface Subscription extends Subscriber {
  /** When it subscribed: rows created later were delivered live (their latency is measured). */
  since: number;
}

export interface HubOptions {
  databaseUrl: string;
  /** Between keep-alive comments (SSE_HEARTBEAT_SECONDS). */
  heartbeatMs: number;
}

/** Streams one person may hold in one web process (tabs share one per browser; these are devices). */
export const MAX_STREAMS_PER_USER = 10;
const RETRY_READ_MS = 1_000;
/** How soon the rows held back from a paced stream are read again for it. */
const BEHIND_RETRY_MS = 100;
const KEEP_ALIVE = new TextEncoder().encode(": keep-alive\n\n");
const encoder = new TextEncoder();
const log = logger("hub");

export class NotificationHub {
  private readonly byUser = new Map<string, Set<Subscription>>();
  private readonly byNotice = new Map<string, Set<ReceiptWatcher>>();
  private readonly listen: ListenConnection;
  private readonly pulls = new PullQueue((userIds) => this.pull(userIds));
  private readonly deliveries = new DeliveryTimes();
  private readonly keepAlive: KeepAlive;
  /** Signs each frame's id; loaded before the LISTEN connection counts as up. */
  private cursors: Cursors | null = null;

  constructor(options: HubOptions) {
    this.keepAlive = new KeepAlive(options.heartbeatMs, () => this.beat());
    this.listen = new ListenConnection({
      databaseUrl: options.databaseUrl,
      handlers: {
        [CHANNELS.notifications]: (payload) => this.onNotification(payload),
        [CHANNELS.readState]: (payload) => this.onReadState(payload),
        [CHANNELS.sessionEnded]: (sessionId) => this.onSessionEnded(sessionId),
        [CHANNELS.peopleLeft]: (payload) => void this.onPeopleLeft(payload),
        [CHANNELS.noticeReceipts]: (postId) => this.onNoticeReceipts(postId),
        [CHANNELS.preferences]: (payload) => this.onPreferences(payload),
      },
      // NOTIFYs sent while the connection was down are gone; the database still has the rows.
      onReconnected: () => this.pulls.schedule(this.byUser.keys()),
      setup: READ_SETTINGS,
      prepare: async () => {
        this.cursors ??= await notificationCursors();
      },
    });
  }

  async subscribe(options: Subscriber): Promise<() => void> {
    const subscribers = this.byUser.get(options.userId) ?? new Set();
    if (subscribers.size >= MAX_STREAMS_PER_USER) {
      throw new AppError("rate_limited", `At most ${MAX_STREAMS_PER_USER} live streams per person; close another tab or device.`);
    }
    // The slot is taken before anything is awaited, so streams opened at once (while the LISTEN
    // connection is still being made, say) cannot all pass the check above.
    const subscriber: Subscription = Object.assign(options, { since: Date.now() });
    this.byUser.set(subscriber.userId, subscribers);
    subscribers.add(subscriber);
    metrics().sseConnections.inc();
    try {
      await this.listen.ready();
    } catch (error) {
      this.unsubscribe(subscriber);
      throw error;
    }
    this.keepAlive.start();
    // Anything after the subscriber's cursor (a replay, or a row committed while it connected).
    this.pulls.schedule([subscriber.userId]);
    return () => this.unsubscribe(subscriber);
  }

  /** Watches a notice's receipts on the same LISTEN connection; returns how to stop. */
  async watchReceipts(watcher: ReceiptWatcher): Promise<() => void> {
    const watchers = this.byNotice.get(watcher.postId) ?? new Set();
    this.byNotice.set(watcher.postId, watchers);
    watchers.add(watcher);
    const stop = () => {
      if (!watchers.delete(watcher)) return;
      if (watchers.size === 0) this.byNotice.delete(watcher.postId);
      if (this.byUser.size === 0 && this.byNotice.size === 0) this.keepAlive.stop();
    };
    try {
      await this.listen.ready();
    } catch (error) {
      stop();
      throw error;
    }
    this.keepAlive.start();
    return stop;
  }

  /** Open streams in this process. */
  get streams(): number {
    let count = 0;
    for (const subscribers of this.byUser.values()) count += subscribers.size;
    return count;
  }

  /** Whether the keep-alive timer runs (it stops when the last stream closes). */
  get beating(): boolean {
    return this.keepAlive.running;
  }

  /** Whether the LISTEN connection is up (for /api/health). */
  get listening(): boolean {
    return this.listen.current !== null;
  }

  /** Never asked to listen yet: no stream has been opened in this process. */
  get idle(): boolean {
    return this.listen.untouched && this.byUser.size === 0;
  }

  /** Ends every stream and the LISTEN connection (the process is stopping, or a test is done with it). */
  async close(): Promise<void> {
    for (const subscriber of this.subscriptions()) {
      subscriber.end();
      this.unsubscribe(subscriber);
    }
    for (const watchers of this.byNotice.values()) for (const watcher of watchers) watcher.end();
    this.byNotice.clear();
    this.deliveries.stop();
    await this.listen.close();
  }

  private unsubscribe(subscriber: Subscription): void {
    const subscribers = this.byUser.get(subscriber.userId);
    if (!subscribers?.delete(subscriber)) return;
    metrics().sseConnections.dec();
    if (subscribers.size === 0) this.byUser.delete(subscriber.userId);
    if (this.byUser.size === 0 && this.byNotice.size === 0) this.keepAlive.stop();
  }

  // New preferences apply in every tab and device at once (PRODUCT.md §13).
  private onPreferences(payload: string | undefined): void {
    let change: { userId: string; preferences: unknown };
    try {
      change = JSON.parse(payload ?? "");
    } catch {
      return;
    }
    const subscribers = this.byUser.get(change.userId);
    if (!subscribers) return;
    const frame = encoder.encode(`event: preferences\ndata: ${JSON.stringify(change.preferences)}\n\n`);
    for (const subscriber of subscribers) subscriber.write(frame);
  }

  // Acknowledgements of one notice can come by the thousand a minute: a page is told, and reads
  // the receipts again at its own pace (the frame carries no counts that could arrive out of order).
  private onNoticeReceipts(postId: string | undefined): void {
    const watchers = postId === undefined ? undefined : this.byNotice.get(postId);
    if (!watchers) return;
    const frame = encoder.encode(`event: receipts\ndata: ${JSON.stringify({ postId })}\n\n`);
    for (const watcher of watchers) watcher.write(frame);
  }

  private onNotification(payload: string | undefined): void {
    let parsed: { u: [string, number][] | null };
    try {
      parsed = JSON.parse(payload ?? "");
    } catch {
      log.warn({ payload }, "ignoring a NOTIFY payload that is not ours");
      return;
    }
    const users = parsed.u === null ? [...this.byUser.keys()] : parsed.u.map(([userId]) => userId);
    this.pulls.schedule(users.filter((userId) => this.byUser.has(userId)));
  }

  private onReadState(payload: string | undefined): void {
    let change: ReadStateChange;
    try {
      change = JSON.parse(payload ?? "");
    } catch {
      return;
    }
    const subscribers = this.byUser.get(change.userId);
    if (!subscribers) return;
    const { userId: _, ...data } = change;
    const frame = encoder.encode(`event: read-state\ndata: ${JSON.stringify(data)}\n\n`);
    for (const subscriber of subscribers) subscriber.write(frame);
  }

  // Sign-outs are rare next to notifications: a walk over this process's streams is cheap enough.
  private onSessionEnded(sessionId: string | undefined): void {
    for (const subscriber of this.subscriptions()) if (subscriber.session.id === sessionId) subscriber.end();
  }

  // The directory deactivated people (their sessions are gone already): their streams close now.
  // Past the NOTIFY's size the payload names nobody, and the people this process serves are checked.
  private async onPeopleLeft(payload: string | undefined): Promise<void> {
    let named: string[] | null;
    try {
      named = (JSON.parse(payload ?? "") as { u: string[] | null }).u;
    } catch {
      return;
    }
    const connection = this.listen.current;
    if (named === null && connection) {
      const { rows } = await connection.query<{ id: string }>("SELECT id FROM users WHERE id = ANY($1) AND NOT active", [
        [...this.byUser.keys()],
      ]);
      named = rows.map((row) => row.id);
    }
    for (const userId of named ?? []) for (const subscriber of [...(this.byUser.get(userId) ?? [])]) subscriber.end();
  }

  private async pull(named: string[]): Promise<void> {
    try {
      await this.readAndSend(named);
    } catch (error) {
      log.error({ err: error }, "could not read notifications for live streams; retrying");
      setTimeout(() => this.pulls.schedule(this.byUser.keys()), RETRY_READ_MS).unref();
    }
  }

  private async readAndSend(named: string[]): Promise<void> {
    const positions = named.flatMap((userId) => {
      const subscribers = this.byUser.get(userId);
      return subscribers ? [{ userId, after: minSeq(subscribers) }] : [];
    });
    const after = new Map(positions.map((position) => [position.userId, position.after]));
    const { current: connection } = this.listen;
    const { cursors } = this;
    if (!connection || !cursors) throw new Error("the LISTEN connection is down");
    const rows = await listNotificationsAfter(connection, positions);
    // Every frame says how many actions are left open (an approval just resolved elsewhere, say).
    const actions = await actionCounts(connection, [...new Set(rows.map((row) => row.userId))]);
    const now = Date.now();
    const sentAt = new Date(now);
    /** People with a stream that is still taking what it was sent: their rows are read again shortly. */
    const behind = new Set<string>();
    for (const row of rows) {
      const frames = new FrameCache(cursors.sign(row.userId, row.position), row, actions.get(row.userId) ?? 0);
      for (const subscriber of this.byUser.get(row.userId) ?? []) {
        // Rows read from a later cursor than this stream's position (it joined during the read)
        // would leave a gap; its own pull, scheduled when it subscribed, sends them in order.
        const readFrom = after.get(row.userId) ?? row.position;
        if (subscriber.lastSeq < readFrom || row.position <= subscriber.lastSeq) continue;
        // Its cursor stays where it is: the rows after it are read again, not buffered here.
        if (subscriber.backlog() > FLOW_LIMIT_BYTES) {
          behind.add(row.userId);
          continue;
        }
        subscriber.lastSeq = row.position;
        subscriber.write(frames.in(subscriber.locale));
        if (row.updated) continue;
        this.deliveries.note(row.id, sentAt);
        const created = row.createdAt.getTime();
        if (created >= subscriber.since) metrics().deliverySeconds.observe((now - created) / 1000);
      }
    }
    // A long backlog comes in slices; go on with the next one for whoever filled theirs.
    const counts = new Map<string, number>();
    for (const row of rows) counts.set(row.userId, (counts.get(row.userId) ?? 0) + 1);
    this.pulls.schedule([...counts].filter(([userId, count]) => count >= REPLAY_LIMIT && !behind.has(userId)).map(([userId]) => userId));
    if (behind.size > 0) setTimeout(() => this.pulls.schedule(behind), BEHIND_RETRY_MS).unref();
  }

  private beat(): void {
    const now = Date.now();
    const watchers = [...this.byNotice.values()].flatMap((set) => [...set]);
    for (const subscriber of this.subscriptions()) {
      if (subscriber.stalled()) subscriber.abort();
      else if (subscriber.session.expiresAt.getTime() <= now) subscriber.end();
      else subscriber.write(KEEP_ALIVE);
    }
    for (const watcher of watchers) {
      if (watcher.session.expiresAt.getTime() <= now) watcher.end();
      else watcher.write(KEEP_ALIVE);
    }
  }

  /** Every open stream, taken first, so ending one while walking them is safe. */
  private subscriptions(): Subscription[] {
    return [...this.byUser.values()].flatMap((subscribers) => [...subscribers]);
  }
}

/**
 * One row's frame, rendered and encoded once per language, however many streams it goes to: a new
 * notification, or a changed one (`notification-updated`, the item as it is now); either with the
 * person's open actions after it.
 */
class FrameCache {
  private readonly byLocale = new Map<Locale, Uint8Array>();

  constructor(
    private readonly cursor: string,
    private readonly row: StreamRow,
    private readonly actionCount: number,
  ) {}

  in(locale: Locale): Uint8Array {
    let frame = this.byLocale.get(locale);
    if (!frame) {
      const kind = this.row.updated ? "notification-updated" : "notification";
      const item = { ...toItem(this.row, locale), actionCount: this.actionCount };
      frame = encoder.encode(`id: ${this.cursor}\nevent: ${kind}\ndata: ${JSON.stringify(item)}\n\n`);
      this.byLocale.set(locale, frame);
    }
    return frame;
  }
}

function minSeq(subscribers: Set<Subscription>): bigint {
  let min: bigint | null = null;
  for (const { lastSeq } of subscribers) if (min === null || lastSeq < min) min = lastSeq;
  return min ?? 0n;
}

const holder = globalThis as unknown as { groupwareHub?: NotificationHub };

/** The process's hub (kept on globalThis so Next's dev reloads do not open a second LISTEN). */
export function notificationHub(): NotificationHub {
  holder.groupwareHub ??= new NotificationHub({
    databaseUrl: requireSetting("DATABASE_URL"),
    heartbeatMs: env().SSE_HEARTBEAT_SECONDS * 1000,
  });
  return holder.groupwareHub;
}
