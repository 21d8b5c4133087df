import { forgetExpiredLoginAttempts } from "../auth/login-throttle";
import { db } from "../db/prisma";

// Retention (PRODUCT.md §14; migration 20261204000000_retention). What the worker writes per event
// lives in monthly partitions: a month is dropped as a whole once all of it is older than the
// window, so a row stays between RETENTION_DAYS and RETENTION_DAYS plus a month. The few or narrow
// plain tables lose their old rows in small batches, each its own short transaction.

/** Months made ahead of the current one, so the worker never writes into a month that is missing. */
export const MONTHS_AHEAD = 2;
const DELETE_BATCH = 10_000;
// A partition is attached only if the parent can be locked quickly; else the next run tries again
// (two months ahead leave plenty of runs), rather than queueing every reader behind the lock.
const ATTACH_LOCK_TIMEOUT = "5s";

export interface RetentionResult {
  /** Partitions made (the months from the window's start to MONTHS_AHEAD ahead that were missing). */
  created: string[];
  /** Partitions detached and dropped, oldest first. */
  dropped: string[];
  /** Rows deleted from the plain tables. */
  deleted: { eventKeys: number; noticeReceipts: number; deadLetters: number; sessions: number; loginAttempts: number };
}

export async function applyRetention({ retentionDays, now = new Date() }: { retentionDays: number; now?: Date }): Promise<RetentionResult> {
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000);
  const created = await createPartitions(cutoff, addMonths(now, MONTHS_AHEAD));
  const dropped = await dropPartitionsBefore(cutoff);
  // An event's key is kept as long as the event is (its month's start, not the cutoff): a key gone
  // before its event would let the same event in a second time.
  const keptFrom = monthStart(cutoff);
  const deleted = {
    eventKeys: await deleteInBatches(
      (limit) => db().$executeRaw`
      DELETE FROM event_keys WHERE ctid = ANY (ARRAY(SELECT ctid FROM event_keys WHERE received_at < ${keptFrom} LIMIT ${limit}))`,
    ),
    // A notice's counts go with it (event ids grow with time: those below the oldest kept are gone).
    noticeReceipts: await deleteInBatches(
      (limit) => db().$executeRaw`
      DELETE FROM notice_receipts WHERE (event_pk, department_id) IN (
        SELECT event_pk, department_id FROM notice_receipts
        WHERE event_pk < coalesce((SELECT min(id) FROM events), 9223372036854775807) LIMIT ${limit})`,
    ),
    // Their replays (the admin's audit of them) go with them (ON DELETE CASCADE).
    deadLetters: await deleteInBatches(
      (limit) => db().$executeRaw`
      DELETE FROM dead_letters WHERE id = ANY (ARRAY(SELECT id FROM dead_letters WHERE failed_at < ${cutoff} LIMIT ${limit}))`,
    ),
    sessions: await deleteInBatches(
      (limit) => db().$executeRaw`
      DELETE FROM sessions WHERE id = ANY (ARRAY(SELECT id FROM sessions WHERE expires_at <= ${now} LIMIT ${limit}))`,
    ),
    loginAttempts: await deleteInBatches(forgetExpiredLoginAttempts),
  };
  return { created, dropped, deleted };
}

async function createPartitions(from: Date, to: Date): Promise<string[]> {
  const [, rows] = await db().$transaction([
    db().$executeRawUnsafe(`SET LOCAL lock_timeout = '${ATTACH_LOCK_TIMEOUT}'`),
    db().$queryRaw<{ made: string[] }[]>`SELECT create_monthly_partitions(${from}, ${to}) AS made`,
  ]);
  return rows[0]?.made ?? [];
}

// DETACH … CONCURRENTLY takes no lock that stops reads or writes of the table, and must run outside
// a transaction; a detach that was cut short is finished (FINALIZE), a table detached but not yet
// dropped is dropped. The names come from expired_partitions, which matches them by pattern.
async function dropPartitionsBefore(cutoff: Date): Promise<string[]> {
  const expired = await db().$queryRaw<{ partition_name: string; parent_name: string | null; detach_pending: boolean }[]>`
    SELECT partition_name, parent_name, detach_pending FROM expired_partitions(${cutoff})`;
  // A month's events go last: until then each of its notifications still finds its event, which the
  // lists and the acknowledgement join (the counts do not, and would count a must-read notice that
  // could no longer be opened).
  const ordered = [...expired.filter((row) => !isEvents(row.partition_name)), ...expired.filter((row) => isEvents(row.partition_name))];
  for (const { partition_name: name, parent_name: parent, detach_pending: pending } of ordered) {
    if (parent) {
      await db().$executeRawUnsafe(`ALTER TABLE "${parent}" DETACH PARTITION "${name}" ${pending ? "FINALIZE" : "CONCURRENTLY"}`);
    }
    await db().$executeRawUnsafe(`DROP TABLE "${name}"`);
  }
  return expired.map((row) => row.partition_name);
}

function isEvents(partition: string): boolean {
  return /^events_p\d{6}$/.test(partition);
}

async function deleteInBatches(deleteSome: (limit: number) => Promise<number>): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await deleteSome(DELETE_BATCH);
    total += deleted;
    if (deleted < DELETE_BATCH) return total;
  }
}

function monthStart(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
}

function addMonths(at: Date, months: number): Date {
  const moved = new Date(at);
  moved.setUTCMonth(moved.getUTCMonth() + months);
  return moved;
}
