import { CHANNELS } from "../db/channels";
import { parseId } from "../db/ids";
import { db } from "../db/prisma";
import { AppError } from "../errors";
import { Prisma } from "../generated/prisma/client";
import type { Counts } from "./counts";
import { countedAndAnnounced, countsFrom, type ReadStateRow } from "./read-state";

// POST /api/notifications/{id}/ack (PRODUCT.md §12): the reader acknowledges a must-read notice,
// which also reads it. Idempotent: a second acknowledgement keeps the first one's time and changes
// nothing. Only the caller's notification is found; one that needs no acknowledgement is a 400.
export async function acknowledgeNotification({ userId, id }: { userId: string; id: string }): Promise<Counts> {
  if (parseId(id) === null) throw new AppError("not_found", "No such notification.");
  return db().$transaction(async (tx) => {
    // The person's row first: the order every writer takes its locks in (the acknowledgement takes a cursor position).
    await tx.$queryRaw`SELECT 1 FROM users WHERE id = ${userId} FOR UPDATE`;
    const [row] = await tx.$queryRaw<(ReadStateRow & { must_read: boolean | null; newly_acked: number })[]>`
      WITH target AS (
        SELECT n.id, n.read_at, n.acked_at, n.requires_ack
        FROM notifications n
        WHERE n.id = ${id}::bigint AND n.user_id = ${userId} FOR UPDATE OF n
      ), changed AS (
        UPDATE notifications n
        SET read_at = coalesce(n.read_at, now()), acked_at = coalesce(n.acked_at, now())
        FROM target WHERE n.id = target.id AND target.requires_ack
        RETURNING (target.read_at IS NULL) AS was_unread, (n.read_at IS NULL) AS is_unread, (target.acked_at IS NULL) AS newly_acked
      ), ${countedAndAnnounced(
        userId,
        { ids: [id], read: true },
        {
          settledActions: Prisma.sql`(SELECT count(*) FROM changed WHERE newly_acked)`,
          columns: Prisma.sql`, (SELECT requires_ack FROM target) AS must_read, (SELECT count(*) FROM changed WHERE newly_acked)::int AS newly_acked`,
        },
      )}`;
    if (!row || row.found === 0) throw new AppError("not_found", "No such notification.");
    if (!row.must_read) throw new AppError("bad_request", "This notification needs no acknowledgement.");
    // The item itself changed (no longer pinned): the person's other tabs and devices replace it.
    if (row.newly_acked > 0) {
      await tx.$executeRaw`SELECT note_notification_changed(${userId}, ${id}::bigint)`;
      // The admins' receipt pages of the notice, in every web process.
      await tx.$executeRaw`
        SELECT pg_notify(${CHANNELS.noticeReceipts}, e.subject)
        FROM notifications n JOIN events e ON e.id = n.event_pk WHERE n.id = ${id}::bigint AND e.subject IS NOT NULL`;
    }
    return countsFrom(row);
  });
}
