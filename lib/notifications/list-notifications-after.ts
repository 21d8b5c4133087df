import { db } from "../db/prisma";
import { NOTIFICATION_SELECT, type NotificationRow } from "./notification-item";

// What the live stream sends: for each user, the notifications after the cursor it last sent,
// oldest first. One query for all the users a NOTIFY names.
export const REPLAY_LIMIT = 500;

export async function listNotificationsAfter(
  cursors: { userId: string; after: bigint }[],
): Promise<(NotificationRow & { userId: string })[]> {
  if (cursors.length === 0) return [];
  return db().notification.findMany({
    where: { OR: cursors.map(({ userId, after }) => ({ userId, seq: { gt: after } })) },
    orderBy: [{ userId: "asc" }, { seq: "asc" }],
    take: REPLAY_LIMIT * cursors.length,
    select: { ...NOTIFICATION_SELECT, userId: true },
  });
}

export async function latestCursor(userId: string): Promise<bigint> {
  const user = await db().user.findUnique({ where: { id: userId }, select: { notificationSeq: true } });
  return user?.notificationSeq ?? 0n;
}
