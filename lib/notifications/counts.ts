import { Prisma } from "../generated/prisma/client";

// The two numbers beside every list and read-state change (PRODUCT.md §11): what the person has
// not read, and what still waits for them to act on (approval requests still pending; must-read
// notices once they exist). Each counted by its own partial index.

/**
 * A notification that waits for its reader to act (the action count, the To do filter), for a
 * notification of that alias; the predicate of the partial index notifications_pending_action_idx.
 */
export function openAction(alias: string): Prisma.Sql {
  return Prisma.raw(`${alias}.action ->> 'status' = 'pending'`);
}
export const OPEN_ACTION = openAction("n");

/** The person's open actions, as a scalar subquery. */
export function actionCountOf(userId: string): Prisma.Sql {
  return Prisma.sql`(SELECT count(*) FROM notifications n WHERE n.user_id = ${userId} AND ${OPEN_ACTION})::int`;
}

/** The person's unread notifications, as a scalar subquery. */
export function unreadCountOf(userId: string): Prisma.Sql {
  return Prisma.sql`(SELECT count(*) FROM notifications n WHERE n.user_id = ${userId} AND n.read_at IS NULL)::int`;
}

export interface Counts {
  unreadCount: number;
  actionCount: number;
}

/** The open actions of several people at once (the live stream's frames), in plain SQL for node-postgres. */
export const ACTION_COUNTS_SQL = `SELECT user_id, count(*)::int AS actions FROM notifications n
  WHERE n.user_id = ANY($1::text[]) AND ${OPEN_ACTION.sql} GROUP BY user_id`;
