import { Prisma } from "../generated/prisma/client";
import { shown } from "./shown";

// The two numbers beside every list and read-state change (PRODUCT.md §11): what the person has
// not read, and what still waits for them to act on: approval requests still pending and must-read
// notices not yet acknowledged (§12). Each half of an open action is counted by its own index.

/** An approval request still waiting for its reader; the predicate of the partial index notifications_pending_action_idx. */
function pendingApproval(alias: string): string {
  return `${alias}.action ->> 'status' = 'pending'`;
}

/**
 * A must-read notice its reader has not acknowledged (notifications.requires_ack is its event's,
 * written with it); with notSnoozed, the predicate of the partial index notifications_open_ack_idx.
 */
function unacknowledged(alias: string): string {
  return `(${alias}.requires_ack AND ${alias}.acked_at IS NULL)`;
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

// The counts take the two halves apart, each per person and each by its partial index: pending
// requests, and must-read notices not yet acknowledged; never a scan of everything the person ever
// received. Until migration 20261207000000_must_read_marker the second half probed the person's
// notification of every must-read event in the retention window, a cost that grew with the
// company's notices over the years rather than with what the person has open.
function openActionCount(userId: string): string {
  return `((SELECT count(*) FROM notifications n WHERE n.user_id = ${userId} AND ${pendingApproval("n")} AND ${notSnoozed("n")})
    + (SELECT count(*) FROM notifications n WHERE n.user_id = ${userId} AND ${unacknowledged("n")} AND ${notSnoozed("n")}))::int`;
}

/** The person's open actions, as a scalar subquery. */
export function actionCountOf(userId: string): Prisma.Sql {
  return Prisma.sql`(SELECT ${Prisma.raw(openActionCount("me.id"))} FROM (SELECT ${userId}::text AS id) me)`;
}

/** The person's unread notifications (what they muted not counted), as a scalar subquery. */
export function unreadCountOf(userId: string): Prisma.Sql {
  return Prisma.sql`(SELECT count(*) FROM notifications n WHERE n.user_id = ${userId} AND n.read_at IS NULL AND ${shown("n")})::int`;
}

export interface Counts {
  unreadCount: number;
  actionCount: number;
}

/**
 * The open actions of several people at once (the live stream's frames), in plain SQL for
 * node-postgres. Counted person by person: grouped over everyone's pending rows at once, the
 * planner's choices cost 23 ms for 100 people of bench:soak's database, 10 ms of it planning; this 3 ms.
 */
export const ACTION_COUNTS_SQL = `SELECT c.user_id, ${openActionCount("c.user_id")} AS actions FROM unnest($1::text[]) AS c(user_id)`;
