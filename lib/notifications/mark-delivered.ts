import { db } from "../db/prisma";

// notifications.delivered_at: when a notification was first sent over SSE, by whichever web
// process sent it first. The hub records the moment it writes each frame and saves them in batches,
// off the live path; a later delivery (another tab's device, a replay) never moves the first one.
//
// A row the worker holds (its batch is changing the notification's status) is skipped, not waited
// for, and comes back to be saved with the next batch: waiting, the web process's update and the
// worker's took the same rows in different orders and PostgreSQL broke the deadlock by failing the
// worker's batch (bench:soak, 2026-12-02). The rows are found by id in each month's primary key.
/** Saves the times; returns those whose rows were busy, to be saved later. */
export async function markDelivered(deliveries: Map<bigint, Date>): Promise<Map<bigint, Date>> {
  if (deliveries.size === 0) return new Map();
  const ids = [...deliveries.keys()].map(String);
  const times = [...deliveries.values()];
  const busy = await db().$queryRaw<{ id: bigint }[]>`
    WITH free AS MATERIALIZED (
      SELECT n.id FROM notifications n
      WHERE n.id = ANY (${ids}::bigint[]) AND n.delivered_at IS NULL
      FOR UPDATE SKIP LOCKED
    ), saved AS (
      UPDATE notifications n SET delivered_at = d.at
      FROM unnest(${ids}::bigint[], ${times}::timestamptz[]) AS d(id, at)
      WHERE n.id = ANY (ARRAY(SELECT id FROM free)) AND n.id = d.id
    )
    SELECT n.id FROM notifications n
    WHERE n.id = ANY (${ids}::bigint[]) AND n.delivered_at IS NULL AND n.id NOT IN (SELECT id FROM free)`;
  return new Map(busy.map(({ id }) => [id, deliveries.get(id) as Date]));
}
