import { db } from "../db/prisma";
import { buildCloudEvent } from "../events/producer";
import { findNotice } from "./find-notice";

// A reminder of a must-read notice (PRODUCT.md §12) to everyone who has not acknowledged it: a
// board.notice.reminder event, stored by the worker's own write path (store_notification_batch,
// unchanged) with the audience worked out in the same statement from the notice's notifications,
// so it goes to exactly the people pending at that moment. The event's id is the caller's `key`:
// the same key stores nothing the second time (a retried timer, a double click), so a reminder is
// never doubled.

/** Not a Kafka topic: where the admin pages say the event came from. */
export const REMINDER_ORIGIN = "groupware.notifications.reminders";

export async function remindPendingReaders({ postId, key }: { postId: string; key: string }): Promise<{ reminded: number } | null> {
  const notice = await findNotice(postId);
  if (!notice) return null;
  const event = buildCloudEvent({
    type: "board.notice.reminder",
    id: `reminder:${key}`,
    data: { postId, title: notice.title, ...(notice.ackDueAt ? { ackDueAt: notice.ackDueAt } : {}) },
  });
  const [stored] = await db().$queryRaw<{ stored_notifications: number }[]>`
    SELECT stored_notifications FROM store_notification_batch(
      ARRAY[${event.source}]::text[], ARRAY[${event.id}]::text[], ARRAY[${event.type}]::text[], ARRAY[${event.subject ?? null}]::text[],
      ARRAY[${event.time ?? null}]::timestamptz[], ARRAY[NULL]::text[], ARRAY[${JSON.stringify(event)}]::jsonb[],
      ARRAY[${REMINDER_ORIGIN}]::text[], ARRAY[0]::int[], ARRAY[0]::bigint[],
      ARRAY[(SELECT jsonb_build_object('userIds', coalesce(jsonb_agg(n.user_id), '[]'::jsonb))
             FROM notifications n WHERE n.event_pk = ${notice.id} AND n.acked_at IS NULL AND n.status <> 'cancelled')],
      ARRAY[NULL]::jsonb[])`;
  return { reminded: stored?.stored_notifications ?? 0 };
}
