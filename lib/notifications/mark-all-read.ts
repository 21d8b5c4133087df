import { db } from "../db/prisma";
import { AppError } from "../http/errors";
import { READ_STATE_CHANNEL } from "./read-state";

// POST /api/notifications/read-all {upTo}: marks read the caller's unread notifications up to and
// including `upTo`, the newest one the client has seen. Bounded by that notification's cursor, so
// one that arrives during the click stays unread. One statement, announced to the other streams.
export async function markAllRead(userId: string, upTo: string): Promise<{ unreadCount: number }> {
  if (!/^\d{1,18}$/.test(upTo)) throw new AppError("not_found", "No such notification.");
  const [row] = await db().$queryRaw<{ found: number; unread: number }[]>`
    WITH bound AS (
      SELECT seq FROM notifications WHERE id = ${upTo}::bigint AND user_id = ${userId}
    ), changed AS (
      UPDATE notifications SET read_at = now()
      WHERE user_id = ${userId} AND read_at IS NULL AND seq <= (SELECT seq FROM bound)
      RETURNING id
    ), counted AS (
      SELECT (SELECT count(*) FROM bound)::int AS found,
             ((SELECT count(*) FROM notifications WHERE user_id = ${userId} AND read_at IS NULL)
              - (SELECT count(*) FROM changed))::int AS unread
    )
    SELECT found, unread,
           CASE WHEN found > 0 THEN (SELECT 1 FROM pg_notify(${READ_STATE_CHANNEL},
             json_build_object('userId', ${userId}::text, 'upTo', ${upTo}::text, 'read', true, 'unreadCount', unread)::text))
           END AS notified
    FROM counted`;
  if (!row || row.found === 0) throw new AppError("not_found", "No such notification.");
  return { unreadCount: row.unread };
}
