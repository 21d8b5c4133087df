import pg from "pg";
import { SESSION_ENDED_CHANNEL } from "../auth/session";
import { env, requireSetting } from "../env";
import { AppError } from "../http/errors";
import { logger } from "../log";
import { metrics } from "../metrics";
import { type Cursors, notificationCursors } from "../notifications/cursor";
import { listNotificationsAfter, REPLAY_LIMIT } from "../notifications/list-notifications-after";
import { markDelivered } from "../notifications/mark-delivered";
import { toItem } from "../notifications/notification-item";
import { READ_STATE_CHANNEL, type ReadStateChange } from "../notifications/read-state";
import type { Locale } from "../notifications/render-notification";
import { NOTIFY_CHANNEL } from "../notifications/store-batch";

// The SSE hub of one web process: a single LISTEN connection, in-memory fan-out by user, and
// replay from the database (read on that same connection: the reads are one at a time anyway). A NOTIFY only says whose cursor moved; the rows are read back in
// cursor order, so a stream never skips a row, whatever order the NOTIFYs arrive in. A stream lives
// no longer than the session it was opened with: it is closed when the session ends (sign-out
// anywhere) and, at the next keep-alive, once it has expired.

export interface Subscriber {
  userId: string;
  locale: Locale;
  /** The last cursor this stream has sent; rows after it are sent next. */
  lastSeq: bigint;
  /** The session the stream was opened with (its id, the token's digest) and when it expires. */
  session: { id: string; expiresAt: Date };
  write(frame: string): void;
  /** Closes the stream; the browser reconnects, is refused (401) and shows the sign-in page. */
  end(): void;
}

interface Subscription extends Subscriber {
  /** When it subscribed: rows created later were delivered live (their latency is measured). */
  since: number;
}

/** Streams one user may hold in one web process (tabs share one per browser; these are devices). */
export const MAX_STREAMS_PER_USER = 10;
const RECONNECT_MS = 1_000;
/** How long first-delivery times gather before they are saved in one statement. */
const DELIVERED_FLUSH_MS = 500;
/** How the hub's connection (LISTEN, and the reads for live streams) shows in pg_stat_activity. */
export const HUB_APPLICATION_NAME = "gw-notification-hub";
const log = logger("hub");

export class NotificationHub {
  private readonly byUser = new Map<string, Set<Subscription>>();
  private listener: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private readonly due = new Set<string>();
  private pulling: Promise<void> = Promise.resolve();
  private pullQueued = false;
  private delivered = new Map<bigint, Date>();
  private deliveredTimer: NodeJS.Timeout | null = null;
  /** Signs each frame's id; loaded with the LISTEN connection, before any stream is served. */
  private cursors: Cursors | null = null;

  constructor(
    private readonly databaseUrl: string,
    private readonly heartbeatMs = env().SSE_HEARTBEAT_SECONDS * 1000,
  ) {}

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
      await this.listen();
    } catch (error) {
      this.unsubscribe(subscriber);
      throw error;
    }
    // One timer for every stream of the process, not one per stream.
    this.heartbeat ??= setInterval(() => this.beat(), this.heartbeatMs);
    // Anything after the subscriber's cursor (a replay, or a row committed while it connected).
    this.schedulePull([subscriber.userId]);
    return () => this.unsubscribe(subscriber);
  }

  /** Ends every stream and the LISTEN connection (the process is stopping, or a test is done with it). */
  async close(): Promise<void> {
    for (const subscriber of this.subscriptions()) {
      subscriber.end();
      this.unsubscribe(subscriber);
    }
    if (this.deliveredTimer) clearTimeout(this.deliveredTimer);
    this.deliveredTimer = null;
    const listener = this.listener ?? (await this.connecting?.then(() => this.listener).catch(() => null));
    // Not a lost connection: nothing reconnects it.
    this.listener = null;
    this.connecting = null;
    await listener?.end().catch(() => undefined);
  }

  /** Open streams in this process. */
  get streams(): number {
    let count = 0;
    for (const subscribers of this.byUser.values()) count += subscribers.size;
    return count;
  }

  /** Whether the keep-alive timer runs (it stops when the last stream closes). */
  get beating(): boolean {
    return this.heartbeat !== null;
  }

  /** Whether the LISTEN connection is up (for /api/health). */
  get listening(): boolean {
    return this.listener !== null;
  }

  /** Never asked to listen yet: no stream has been opened in this process. */
  get idle(): boolean {
    return this.connecting === null && this.byUser.size === 0;
  }

  private unsubscribe(subscriber: Subscription): void {
    const subscribers = this.byUser.get(subscriber.userId);
    if (!subscribers?.delete(subscriber)) return;
    metrics().sseConnections.dec();
    if (subscribers?.size === 0) this.byUser.delete(subscriber.userId);
    if (this.byUser.size === 0 && this.heartbeat) {
      clearInterval(this.heartbeat);
      this.heartbeat = null;
    }
  }

  private listen(): Promise<void> {
    this.connecting ??= this.connect().catch((error: unknown) => {
      this.connecting = null;
      throw error;
    });
    return this.connecting;
  }

  private async connect(): Promise<void> {
    this.cursors ??= await notificationCursors();
    const client = new pg.Client({ connectionString: this.databaseUrl, application_name: HUB_APPLICATION_NAME });
    client.on("notification", (message) => {
      if (message.channel === READ_STATE_CHANNEL) this.onReadState(message.payload);
      else if (message.channel === SESSION_ENDED_CHANNEL) this.onSessionEnded(message.payload);
      else this.onNotification(message.payload);
    });
    client.on("error", (error) => this.onConnectionLost(client, error));
    client.on("end", () => this.onConnectionLost(client, new Error("connection ended")));
    await client.connect();
    await client.query(`LISTEN ${NOTIFY_CHANNEL}; LISTEN ${READ_STATE_CHANNEL}; LISTEN ${SESSION_ENDED_CHANNEL}`);
    this.listener = client;
    log.info("listening for notifications");
  }

  private onConnectionLost(client: pg.Client, error: Error): void {
    if (this.listener !== client) return;
    this.listener = null;
    this.connecting = null;
    log.warn({ err: error }, "LISTEN connection lost; reconnecting");
    client.end().catch(() => undefined);
    setTimeout(() => this.reconnect(), RECONNECT_MS).unref();
  }

  private async reconnect(): Promise<void> {
    try {
      await this.listen();
      // NOTIFYs sent while we were away are gone; the database still has the rows.
      this.schedulePull([...this.byUser.keys()]);
    } catch (error) {
      log.warn({ err: error }, "LISTEN reconnect failed; retrying");
      setTimeout(() => this.reconnect(), RECONNECT_MS * 2).unref();
    }
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
    this.schedulePull(users.filter((userId) => this.byUser.has(userId)));
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
    const frame = `event: read-state\ndata: ${JSON.stringify(data)}\n\n`;
    for (const subscriber of subscribers) subscriber.write(frame);
  }

  // Sign-outs are rare next to notifications: a walk over this process's streams is cheap enough.
  private onSessionEnded(sessionId: string | undefined): void {
    for (const subscriber of this.subscriptions()) if (subscriber.session.id === sessionId) subscriber.end();
  }

  // Pulls run one at a time; users named while one runs are gathered into the next.
  private schedulePull(userIds: string[]): void {
    if (userIds.length === 0) return;
    for (const userId of userIds) this.due.add(userId);
    if (this.pullQueued) return;
    this.pullQueued = true;
    this.pulling = this.pulling.then(() => {
      this.pullQueued = false;
      return this.pull().catch((error: unknown) => {
        log.error({ err: error }, "could not read notifications for live streams; retrying");
        setTimeout(() => this.schedulePull([...this.byUser.keys()]), RECONNECT_MS).unref();
      });
    });
  }

  private async pull(): Promise<void> {
    const userIds = [...this.due].filter((userId) => this.byUser.has(userId));
    this.due.clear();
    const positions = userIds.flatMap((userId) => {
      const subscribers = this.byUser.get(userId);
      return subscribers ? [{ userId, after: minSeq(subscribers) }] : [];
    });
    const after = new Map(positions.map((position) => [position.userId, position.after]));
    const { listener, cursors } = this;
    if (!listener || !cursors) throw new Error("the LISTEN connection is down");
    const rows = await listNotificationsAfter(listener, positions);
    const now = Date.now();
    const sentAt = new Date(now);
    for (const row of rows) {
      const cursor = cursors.sign(row.userId, row.seq);
      for (const subscriber of this.byUser.get(row.userId) ?? []) {
        // Rows read from a later cursor than this stream's position (it joined during the read)
        // would leave a gap; its own pull, scheduled when it subscribed, sends them in order.
        const readFrom = after.get(row.userId) ?? row.seq;
        if (subscriber.lastSeq < readFrom || row.seq <= subscriber.lastSeq) continue;
        subscriber.lastSeq = row.seq;
        subscriber.write(notificationFrame(cursor, toItem(row, subscriber.locale)));
        if (!this.delivered.has(row.id)) this.delivered.set(row.id, sentAt);
        const created = row.createdAt.getTime();
        if (created >= subscriber.since) metrics().deliverySeconds.observe((now - created) / 1000);
      }
    }
    if (this.delivered.size > 0) this.deliveredTimer ??= setTimeout(() => this.saveDelivered(), DELIVERED_FLUSH_MS);
    // A long backlog comes in slices; go on with the next one for whoever filled theirs.
    const counts = new Map<string, number>();
    for (const row of rows) counts.set(row.userId, (counts.get(row.userId) ?? 0) + 1);
    this.schedulePull([...counts].filter(([, count]) => count >= REPLAY_LIMIT).map(([userId]) => userId));
  }

  private saveDelivered(): void {
    this.deliveredTimer = null;
    const batch = this.delivered;
    this.delivered = new Map();
    markDelivered(batch).catch((error: unknown) => log.warn({ err: error, count: batch.size }, "could not save delivery times"));
  }

  private beat(): void {
    const now = Date.now();
    for (const subscriber of this.subscriptions()) {
      if (subscriber.session.expiresAt.getTime() <= now) subscriber.end();
      else subscriber.write(": keep-alive\n\n");
    }
  }

  /** Every open stream, taken first, so ending one while walking them is safe. */
  private subscriptions(): Subscription[] {
    return [...this.byUser.values()].flatMap((subscribers) => [...subscribers]);
  }
}

function notificationFrame(cursor: string, item: unknown): string {
  return `id: ${cursor}\nevent: notification\ndata: ${JSON.stringify(item)}\n\n`;
}

function minSeq(subscribers: Set<Subscription>): bigint {
  let min: bigint | null = null;
  for (const { lastSeq } of subscribers) if (min === null || lastSeq < min) min = lastSeq;
  return min ?? 0n;
}

const holder = globalThis as unknown as { groupwareHub?: NotificationHub };

/** The process's hub (kept on globalThis so Next's dev reloads do not open a second LISTEN). */
export function notificationHub(): NotificationHub {
  holder.groupwareHub ??= new NotificationHub(requireSetting("DATABASE_URL"));
  return holder.groupwareHub;
}
