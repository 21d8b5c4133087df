import { db } from "../db/prisma";
import { fromRaw, type NotificationRow, type RawNotificationRow } from "./notification-item";

// What the live stream sends: for each user, the notifications after the cursor it last sent,
// oldest first, at most REPLAY_LIMIT each. One indexed query for all the users a NOTIFY names.
export const REPLAY_LIMIT = 500;

export async function listNotificationsAfter(
  cursors: { userId: string; after: bigint }[],
): Promise<(NotificationRow & { userId: string })[]> {
  if (cursors.length === 0) return [];
  const rows = await db().$queryRaw<(RawNotificationRow & { user_id: string })[]>`
    SELECT c.user_id, p.*
    FROM unnest(${cursors.map((c) => c.userId)}::text[], ${cursors.map((c) => c.after.toString())}::bigint[]) AS c(user_id, after)
    CROSS JOIN LATERAL (
      SELECT n.id, n.seq, n.type, n.source, n.created_at, n.read_at, e.event_id, e.cloud_event
      FROM notifications n JOIN events e ON e.id = n.event_pk
      WHERE n.user_id = c.user_id AND n.seq > c.after
      ORDER BY n.seq
      LIMIT ${REPLAY_LIMIT}
    ) p
    ORDER BY c.user_id, p.seq`;
  return rows.map((row) => ({ ...fromRaw(row), userId: row.user_id }));
}

export async function latestCursor(userId: string): Promise<bigint> {
  const user = await db().user.findUnique({ where: { id: userId }, select: { notificationSeq: true } });
  return user?.notificationSeq ?? 0n;
}
