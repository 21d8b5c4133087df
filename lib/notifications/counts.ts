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

// The counts take the two halves apart, each per person: pending requests by their partial index,
// must-read notices by probing the person's notification of each must-read event (there are few),
// never a scan of everything the person ever received. The probe is a LATERAL … LIMIT 1: joined
// plainly, PostgreSQL hashed every notification the person ever received against the must-read
// events instead, a read that grew with each one (bench:soak, 2026-12-03: 612 ms for 100 people
// after 20 minutes, against 45 ms probed; the live streams fell a minute behind). A notification
// is never older than its event, so only the months since the event's are probed.
function openActionCount(userId: string): string {
  return `((SELECT count(*) FROM notifications n WHERE n.user_id = ${userId} AND ${pendingApproval("n")} AND ${notSnoozed("n")})
    + (SELECT count(*) FROM events m CROSS JOIN LATERAL (
         SELECT 1 FROM notifications n
         WHERE n.event_pk = m.id AND n.user_id = ${userId} AND n.created_at >= m.received_at AND n.acked_at IS NULL AND ${notSnoozed("n")}
         LIMIT 1) unacknowledged
       WHERE m.requires_ack))::int`;
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
