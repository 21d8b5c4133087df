import { Prisma } from "../generated/prisma/client";
import { shown } from "./shown";

// The two numbers beside every list and read-state change (PRODUCT.md §11): what the person has
// not read, and what still waits for them to act on: approval requests still pending and must-read
// notices not yet acknowledged (§12). Each half of an open action is counted by its own index.

/** An approval request still waiting for its reader; the predicate of the partial index notifications_pending_action_idx. */
function pendingApproval(alias: string): string {
  return `${alias}.action ->> 'status' = 'pending'`;
}

/** A must-read notice its reader has not acknowledged (events.requires_ack is derived from the event's data). */
function unacknowledged(alias: string): string {
  return `(${alias}.acked_at IS NULL AND ${alias}.event_pk IN (SELECT id FROM events WHERE requires_ack))`;
}

/** Not put off by its reader (PRODUCT.md §13): a snoozed request counts again when it comes back. */
function notSnoozed(alias: string): string {
  return `${alias}.snoozed_until IS NULL`;
}

/** A notification that waits for its reader to act (the action count, the To do filter), for a notification of that alias. */
export function openAction(alias: string): Prisma.Sql {
  return Prisma.raw(`(${notSnoozed(alias)} AND (${pendingApproval(alias)} OR ${unacknowledged(alias)}))`);
}
export const OPEN_ACTION = openAction("n");

// The counts take the two halves apart: pending requests by their partial index, must-read notices
// by probing the person's notification of each must-read event (there are few), never a scan of
// everything the person ever received.
const OPEN_ACTIONS_OF_PEOPLE = `
  SELECT n.user_id FROM notifications n WHERE n.user_id = ANY($1::text[]) AND ${pendingApproval("n")} AND ${notSnoozed("n")}
  UNION ALL
  SELECT n.user_id FROM events m JOIN notifications n ON n.event_pk = m.id AND n.user_id = ANY($1::text[])
  WHERE m.requires_ack AND n.acked_at IS NULL AND ${notSnoozed("n")}`;

/** The person's open actions, as a scalar subquery. */
export function actionCountOf(userId: string): Prisma.Sql {
  return Prisma.sql`((SELECT count(*) FROM notifications n WHERE n.user_id = ${userId} AND ${Prisma.raw(pendingApproval("n"))}
       AND ${Prisma.raw(notSnoozed("n"))})
    + (SELECT count(*) FROM events m JOIN notifications n ON n.event_pk = m.id AND n.user_id = ${userId}
       WHERE m.requires_ack AND n.acked_at IS NULL AND ${Prisma.raw(notSnoozed("n"))}))::int`;
}

/** The person's unread notifications (what they muted not counted), as a scalar subquery. */
export function unreadCountOf(userId: string): Prisma.Sql {
  return Prisma.sql`(SELECT count(*) FROM notifications n WHERE n.user_id = ${userId} AND n.read_at IS NULL AND ${shown("n")})::int`;
}

export interface Counts {
  unreadCount: number;
  actionCount: number;
}

/** The open actions of several people at once (the live stream's frames), in plain SQL for node-postgres. */
export const ACTION_COUNTS_SQL = `SELECT user_id, count(*)::int AS actions FROM (${OPEN_ACTIONS_OF_PEOPLE}) a GROUP BY user_id`;
