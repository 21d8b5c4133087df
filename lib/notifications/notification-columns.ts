// The one place that says how a notification is read back (raw SQL: the queries that use it need
// LATERAL joins and keyset conditions Prisma cannot express). Every read selects these columns
// (RawNotificationRow in notification-item.ts) from this join: the row, its event, and the actor's
// name in the directory today, which wins over the name the event claimed; and where the notification
// stands now that later events about its item may have changed it.

export const NOTIFICATION_COLUMNS =
  "n.id, n.seq, n.user_id, n.type, n.source, n.created_at, n.read_at, e.event_id, e.cloud_event, actor.name AS actor_name, " +
  "n.thread, n.status, n.status_at, n.action, facts.cloud_event AS facts_event, " +
  "n.requires_ack, n.acked_at, n.snoozed_until, n.unsnoozed_at";

// facts: the later event a changed notification now shows (PRODUCT.md §11), when there is one.
export const NOTIFICATION_JOINS =
  "JOIN events e ON e.id = n.event_pk LEFT JOIN users actor ON actor.id = e.actor_id LEFT JOIN events facts ON facts.id = n.facts_event_pk";
export const NOTIFICATION_FROM = `notifications n ${NOTIFICATION_JOINS}`;
