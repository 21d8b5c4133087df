import { parseId } from "../db/ids";
import { db } from "../db/prisma";
import { AppError } from "../errors";
import { countedAndAnnounced, type ReadStateRow } from "./read-state";

// POST /api/notifications/read-all {upTo}: marks read the caller's unread notifications up to and
// including `upTo`, the newest one the client has seen. Bounded by that notification's cursor, so
// one that arrives during the click stays unread. One statement, announced to the other streams.
export async function markAllRead({ userId, upTo }: { userId: string; upTo: string }): Promise<{ unreadCount: number }> {
  if (parseId(upTo) === null) throw new AppError("not_found", "No such notification.");
  const [row] = await db().$queryRaw<ReadStateRow[]>`
    WITH target AS (
      SELECT seq FROM notifications WHERE id = ${upTo}::bigint AND user_id = ${userId}
    ), changed AS (
      UPDATE notifications SET read_at = now()
      WHERE user_id = ${userId} AND read_at IS NULL AND seq <= (SELECT seq FROM target)
      RETURNING true AS was_unread, false AS is_unread
    ), ${countedAndAnnounced(userId, { upTo, read: true })}`;
  if (!row || row.found === 0) throw new AppError("not_found", "No such notification.");
  return { unreadCount: row.unread };
}
