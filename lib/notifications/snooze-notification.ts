import { z } from "zod";
import { parseId } from "../db/ids";
import { db } from "../db/prisma";
import { AppError } from "../errors";
import { Prisma } from "../generated/prisma/client";
import { type Counts, openAction } from "./counts";
import { countedAndAnnounced, countsFrom, type ReadStateRow } from "./read-state";
import { shown } from "./shown";
import { NOTIFY_CHANNEL } from "./store-batch";

// POST /api/notifications/{id}/snooze (PRODUCT.md §13): the reader puts one of their notifications
// off until a time. It leaves their lists and counts at once (every tab: a read-state frame with the
// counts, a notification-updated frame with the item), and a graphile-worker job queued in the same
// transaction brings it back then, unread, at the person's next cursor position: the top of the
// history, and a notification-updated frame on every stream. Snoozing again moves the time (the job
// key is the notification's); a must-read notice stays pinned until it is acknowledged.

const MINUTE_MS = 60_000;
const MAX_AHEAD_MS = 30 * 24 * 60 * MINUTE_MS;
/** The timer task that ends a snooze (lib/timers/start-timers.ts). */
export const UNSNOOZE_TASK = "notification-unsnooze";

export const snoozeBodySchema = z
  .object({
    until: z.iso
      .datetime({ offset: true, message: "must be an ISO 8601 time with its offset, e.g. 2026-12-03T09:00:00+09:00" })
      .refine((until) => Date.parse(until) - Date.now() >= MINUTE_MS - 5_000, "must be at least 1 minute ahead")
      .refine((until) => Date.parse(until) - Date.now() <= MAX_AHEAD_MS, "must be at most 30 days ahead"),
  })
  .strict();

export async function snoozeNotification({ userId, id, until }: { userId: string; id: string; until: Date }): Promise<Counts> {
  if (parseId(id) === null) throw new AppError("not_found", "No such notification.");
  return db().$transaction(async (tx) => {
    // The person's row first: the order every writer takes its locks in (the change takes a cursor position).
    await tx.$queryRaw`SELECT 1 FROM users WHERE id = ${userId} FOR UPDATE`;
    const [row] = await tx.$queryRaw<(ReadStateRow & { pinned: boolean | null })[]>`
      WITH target AS (
        SELECT n.id, n.read_at, (n.requires_ack AND n.acked_at IS NULL AND n.status <> 'cancelled') AS pinned,
               (n.read_at IS NULL AND ${shown("n")}) AS counted_unread, ${openAction("n")} AS was_open
        FROM notifications n
        WHERE n.id = ${id}::bigint AND n.user_id = ${userId} FOR UPDATE OF n
      ), changed AS (
        UPDATE notifications n SET snoozed_until = ${until}
        FROM target WHERE n.id = target.id AND NOT target.pinned
        RETURNING target.counted_unread AS was_unread, false AS is_unread, target.was_open
      ), ${countedAndAnnounced(
        userId,
        { ids: [id], read: true },
        {
          settledActions: Prisma.sql`(SELECT count(*) FROM changed WHERE was_open)`,
          columns: Prisma.sql`, (SELECT pinned FROM target) AS pinned`,
        },
      )}`;
    if (!row || row.found === 0) throw new AppError("not_found", "No such notification.");
    if (row.pinned) throw new AppError("bad_request", "A must-read notice stays until it is acknowledged; it cannot be snoozed.");
    await tx.$executeRaw`SELECT note_notification_changed(${userId}, ${id}::bigint)`;
    await tx.$executeRaw`
      SELECT graphile_worker.add_job(identifier := ${UNSNOOZE_TASK}, payload := json_build_object('id', ${id}::text),
                                     run_at := ${until}, job_key := 'notification-unsnooze:' || ${id}, max_attempts := 25)`;
    return countsFrom(row);
  });
}

/**
 * The end of a snooze (the timer's task): the notification comes back unread at the person's next
 * cursor position. Idempotent: a notification no longer snoozed, or snoozed again until later
 * (its job was replaced), is left as it is.
 */
export async function unsnoozeNotification(id: string): Promise<boolean> {
  return db().$transaction(async (tx) => {
    const [owner] = await tx.$queryRaw<{ user_id: string }[]>`
      SELECT user_id FROM notifications WHERE id = ${id}::bigint AND snoozed_until IS NOT NULL`;
    if (!owner) return false;
    const userId = owner.user_id;
    await tx.$queryRaw`SELECT 1 FROM users WHERE id = ${userId} FOR UPDATE`;
    const [row] = await tx.$queryRaw<ReadStateRow[]>`
      WITH target AS (
        SELECT id, read_at FROM notifications
        WHERE id = ${id}::bigint AND snoozed_until <= now() + interval '1 second' FOR UPDATE
      ), moved AS (
        UPDATE users SET notification_seq = notification_seq + 1
        WHERE id = ${userId} AND EXISTS (SELECT 1 FROM target) RETURNING notification_seq
      ), changed AS (
        UPDATE notifications n
        SET snoozed_until = NULL, unsnoozed_at = now(), read_at = NULL, seq = (SELECT notification_seq FROM moved)
        FROM target WHERE n.id = target.id
        RETURNING false AS was_unread, ${shown("n")} AS is_unread, ${openAction("n")} AS opened, n.seq
      ), announced AS (
        SELECT pg_notify(${NOTIFY_CHANNEL}, json_build_object('u', json_build_array(json_build_array(${userId}::text, seq)))::text)
        FROM changed
      ), ${countedAndAnnounced(
        userId,
        { ids: [id], read: false },
        {
          // Back in the count: an action the statement's own snapshot does not count yet.
          settledActions: Prisma.sql`(0 - (SELECT count(*) FROM changed WHERE opened))`,
          columns: Prisma.sql`, (SELECT count(*) FROM announced) AS announced`,
        },
      )}`;
    return (row?.found ?? 0) > 0;
  });
}
