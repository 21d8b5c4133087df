import pg from "pg";
import type { Channel } from "../db/channels";
import { logger } from "../log";

// The web process's one LISTEN connection: made when first needed, made again after it is lost
// (NOTIFYs sent meanwhile are gone, so `onReconnected` tells the owner to read what it missed).
// Each message goes to the handler of its channel. The hub also reads the live streams' rows on it:
// those reads are one at a time anyway, and the hot path skips a pool.

/** How the connection shows in pg_stat_activity. */
export const HUB_APPLICATION_NAME = "gw-notification-hub";
const RECONNECT_MS = 1_000;
const log = logger("hub");

export interface ListenOptions {
  databaseUrl: string;
  handlers: Record<Channel, (payload: string | undefined) => void>;
  /** Called once the connection is back after a loss. */
  onReconnected: () => void;
  /** Runs before each new connection is made (the hub loads its cursor key here). */
  prepare?: () => Promise<void>;
  /** SQL run on each new connection before it counts as up (the settings of the reads made on it). */
  setup?: string;
}

export class ListenConnection {
  private client: pg.Client | null = null;
  private connecting: Promise<pg.Client> | null = null;
  private closed = false;

  constructor(private readonly options: ListenOptions) {}

  /** The connection, once up. */
  get current(): pg.Client | null {
    return this.client;
  }

  /** Never asked for yet (no stream has been opened in this process). */
  get untouched(): boolean {
    return this.connecting === null && this.client === null;
  }

  /** The connection, made now if there is none. */
  ready(): Promise<pg.Client> {
    this.connecting ??= this.connect().catch((error: unknown) => {
      this.connecting = null;
      throw error;
    });
    return this.connecting;
  }

  async close(): Promise<void> {
    this.closed = true;
    const client = this.client ?? (await this.connecting?.catch(() => null));
    this.client = null;
    this.connecting = null;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<pg.Client> {
    await this.options.prepare?.();
    const client = new pg.Client({ connectionString: this.options.databaseUrl, application_name: HUB_APPLICATION_NAME });
    client.on("notification", (message) => this.options.handlers[message.channel as Channel]?.(message.payload));
    client.on("error", (error) => this.lost(client, error));
    client.on("end", () => this.lost(client, new Error("connection ended")));
    await client.connect();
    if (this.options.setup) await client.query(this.options.setup);
    await client.query(
      Object.keys(this.options.handlers)
        .map((channel) => `LISTEN ${channel}`)
        .join("; "),
    );
    this.client = client;
    log.info("listening for notifications");
    return client;
  }

  private lost(client: pg.Client, error: Error): void {
    if (this.client !== client || this.closed) return;
    this.client = null;
    this.connecting = null;
    log.warn({ err: error }, "LISTEN connection lost; reconnecting");
    client.end().catch(() => undefined);
    setTimeout(() => this.reconnect(), RECONNECT_MS).unref();
  }

  private async reconnect(): Promise<void> {
    if (this.closed) return;
    try {
      await this.ready();
      this.options.onReconnected();
    } catch (error) {
      log.warn({ err: error }, "LISTEN reconnect failed; retrying");
      setTimeout(() => this.reconnect(), RECONNECT_MS * 2).unref();
    }
  }
}
