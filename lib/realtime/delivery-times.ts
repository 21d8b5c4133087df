import { logger } from "../log";
import { markDelivered } from "../notifications/mark-delivered";

/** How long first-delivery times gather before they are saved in one statement. */
const FLUSH_MS = 500;
const log = logger("hub");

// When each notification was first written to a stream, gathered off the live path and saved in
// one statement per FLUSH_MS (notifications.delivered_at, shown on the admin's event page).
export class DeliveryTimes {
  private pending = new Map<bigint, Date>();
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  note(notificationId: bigint, at: Date): void {
    if (this.stopped) return;
    if (!this.pending.has(notificationId)) this.pending.set(notificationId, at);
    this.timer ??= setTimeout(() => this.save(), FLUSH_MS);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private save(): void {
    this.timer = null;
    const batch = this.pending;
    this.pending = new Map();
    markDelivered(batch)
      .then((busy) => {
        for (const [id, at] of busy) this.note(id, at);
      })
      .catch((error: unknown) => log.warn({ err: error, count: batch.size }, "could not save delivery times"));
  }
}
