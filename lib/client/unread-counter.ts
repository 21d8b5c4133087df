import type { NotificationItem } from "../notifications/notification-item";

/** The unread count as a snapshot from the server: the count, and the newest unread ids it includes. */
export interface UnreadSnapshot {
  unreadCount: number;
  /** The newest unread notifications at the moment of the count, newest first. */
  unreadIds: string[];
  /** True when `unreadIds` holds every unread notification (nothing older is unread). */
  complete: boolean;
  /** The open actions at the same moment, when the server counts them. */
  actionCount?: number;
}

const LOG_LIMIT = 500;

/**
 * The person's unread count as the leading tab keeps it: the server's count, plus live
 * notifications it did not include yet. A live notification can race a count (committed before
 * the count was taken, delivered after it); knowing which ids a snapshot included lets the counter
 * tell a notification already counted from a new one, so the badge never counts one twice.
 */
export class UnreadCounter {
  count: number | null = null;
  /** Ids the count already includes (as unread when counted). */
  private readonly counted = new Set<string>();
  /** Live notifications in the order they arrived, with a tick so a snapshot knows which came during its request. */
  private readonly log: { tick: number; id: string; unread: boolean }[] = [];
  private tick = 0;

  /** A live notification; returns whether the count changed. */
  received(item: NotificationItem): boolean {
    this.tick += 1;
    const unread = item.readAt === null;
    this.log.push({ tick: this.tick, id: item.id, unread });
    if (this.log.length > LOG_LIMIT) this.log.splice(0, this.log.length - LOG_LIMIT);
    if (!unread || this.counted.has(item.id)) return false;
    this.counted.add(item.id);
    if (this.count === null) return false;
    this.count += 1;
    return true;
  }

  /** Call before requesting a snapshot; hand the result to `snapshot` with it. */
  mark(): number {
    return this.tick;
  }

  /**
   * A count read from the server by a request that started at `since` (from `mark`). Unread live
   * notifications that arrived during the request and are not in it were written after it.
   */
  snapshot(snapshot: UnreadSnapshot, since: number): void {
    const included = new Set(snapshot.unreadIds);
    const oldest = snapshot.complete ? null : minId(snapshot.unreadIds);
    const later = new Set<string>();
    for (const entry of this.log) {
      if (entry.tick <= since || !entry.unread || included.has(entry.id)) continue;
      // Older than the snapshot's window: it was counted without being listed.
      if (oldest !== null && BigInt(entry.id) < oldest) continue;
      later.add(entry.id);
    }
    this.count = snapshot.unreadCount + later.size;
    for (const id of [...included, ...later]) this.counted.add(id);
  }

  /** A count the server gave without its ids (a read-state change, a mark's answer). */
  set(count: number): void {
    this.count = count;
  }
}

function minId(ids: string[]): bigint | null {
  let min: bigint | null = null;
  for (const id of ids) {
    const value = BigInt(id);
    if (min === null || value < min) min = value;
  }
  return min;
}
