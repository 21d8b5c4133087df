import { db } from "../db/prisma";

/** The person's newest cursor: a stream opened without Last-Event-ID starts after it. */
export async function latestCursor(userId: string): Promise<bigint> {
  const user = await db().user.findUnique({ where: { id: userId }, select: { notificationSeq: true } });
  return user?.notificationSeq ?? 0n;
}
