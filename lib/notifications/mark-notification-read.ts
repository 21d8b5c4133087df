import { db } from "../db/prisma";
import { AppError } from "../http/errors";
import { READ_STATE_CHANNEL } from "./read-state";

// POST /api/notifications/{id}/read and …/unread: one statement that changes the row (only the
// caller's: anyone else's id is simply not found), counts what is still unread, and announces
// the change to the user's other streams.
export async function markNotificationRead(userId: string, id: string, read: boolean): Promise<{ unreadCount: number }> {
  if (!/^\d{1,18}$/.test(id)) throw new AppError("not_found", "No such notification.");
  const [row] = await db().$queryRaw<{ found: number; unread: number }[]>`
    WITH target AS (
      SELECT id, read_at FROM notifications WHERE id = ${id}::bigint AND user_id = ${userId} FOR UPDATE
    ), changed AS (
      UPDATE notifications n
      SET read_at = CASE WHEN ${read}::boolean THEN coalesce(n.read_at, now()) ELSE NULL END
      FROM target WHERE n.id = target.id
      RETURNING (target.read_at IS NULL) AS was_unread, (n.read_at IS NULL) AS is_unread
    ), counted AS (
      SELECT (SELECT count(*) FROM changed)::int AS found,
             ((SELECT count(*) FROM notifications WHERE user_id = ${userId} AND read_at IS NULL)
              - (SELECT count(*) FROM changed WHERE was_unread AND NOT is_unread)
              + (SELECT count(*) FROM changed WHERE NOT was_unread AND is_unread))::int AS unread
    )
    SELECT found, unread,
           CASE WHEN found > 0 THEN (SELECT 1 FROM pg_notify(${READ_STATE_CHANNEL},
             json_build_object('userId', ${userId}::text, 'ids', json_build_array(${id}::text), 'read', ${read}::boolean, 'unreadCount', unread)::text))
           END AS notified
    FROM counted`;
  if (!row || row.found === 0) throw new AppError("not_found", "No such notification.");
  return { unreadCount: row.unread };
}
