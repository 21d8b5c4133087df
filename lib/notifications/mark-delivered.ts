import { db } from "../db/prisma";

// notifications.delivered_at: when a notification was first sent over SSE, by whichever web
// process sent it first. The hub records the moment it writes each frame and saves them in batches,
// off the live path; a later delivery (another tab's device, a replay) never moves the first one.
export async function markDelivered(deliveries: Map<bigint, Date>): Promise<void> {
  if (deliveries.size === 0) return;
  const ids = [...deliveries.keys()].map(String);
  const times = [...deliveries.values()];
  await db().$executeRaw`
    UPDATE notifications n SET delivered_at = d.at
    FROM unnest(${ids}::bigint[], ${times}::timestamptz[]) AS d(id, at)
    WHERE n.id = d.id AND n.delivered_at IS NULL`;
}
