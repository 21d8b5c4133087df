import { parseId } from "../db/ids";
import { db } from "../db/prisma";
import { AppError } from "../errors";
import { Prisma } from "../generated/prisma/client";
import type { Counts } from "./counts";
import { countedAndAnnounced, countsFrom, type ReadStateRow } from "./read-state";
import { shown } from "./shown";

// POST /api/notifications/read-all {upTo} or {thread}: marks read the caller's unread notifications
// up to and including `upTo`, the newest one the client has seen (bounded by its cursor, so one that
// arrives during the click stays unread), or every one of a thread (PRODUCT.md §11). One
// statement, announced to the other streams.
export type ReadAllScope = { upTo: string } | { thread: string };

export async function markAllRead({ userId, scope }: { userId: string; scope: ReadAllScope }): Promise<Counts> {
  const [target, within, change] =
    "upTo" in scope ? upToTarget(userId, scope.upTo) : [threadTarget(userId, scope.thread), Prisma.sql`thread = ${scope.thread}`, scope];
  const [row] = await db().$queryRaw<ReadStateRow[]>`
    WITH target AS (${target}), changed AS (
      UPDATE notifications SET read_at = now()
      WHERE user_id = ${userId} AND read_at IS NULL AND ${within} AND ${shown("notifications")}
      RETURNING true AS was_unread, false AS is_unread
    ), ${countedAndAnnounced(userId, { ...change, read: true })}`;
  if (!row || row.found === 0) throw new AppError("not_found", "No such notification.");
  return countsFrom(row);
}

function upToTarget(userId: string, upTo: string): [Prisma.Sql, Prisma.Sql, { upTo: string }] {
  if (parseId(upTo) === null) throw new AppError("not_found", "No such notification.");
  return [
    Prisma.sql`SELECT seq FROM notifications WHERE id = ${upTo}::bigint AND user_id = ${userId}`,
    Prisma.sql`seq <= (SELECT seq FROM target)`,
    { upTo },
  ];
}

// A thread the person has no notification of is not found, like anyone else's id.
function threadTarget(userId: string, thread: string): Prisma.Sql {
  return Prisma.sql`SELECT 1 FROM notifications WHERE thread = ${thread} AND user_id = ${userId} LIMIT 1`;
}
