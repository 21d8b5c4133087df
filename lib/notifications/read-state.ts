// The read-state channel: every change of read state is announced with pg_notify in the same
// statement that makes it, so every web process can tell its streams of that user (other tabs,
// other devices) — PRODUCT.md §6 `event: read-state`.
export const READ_STATE_CHANNEL = "gw_read_state";

export interface ReadStateChange {
  userId: string;
  /** The notifications whose state changed (mark one read or unread). */
  ids?: string[];
  /** A read-all: everything up to and including this notification. */
  upTo?: string;
  read: boolean;
  unreadCount: number;
}
