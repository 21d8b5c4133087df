// The one place that says how a notification is read back (raw SQL: the queries that use it need
// LATERAL joins and keyset conditions Prisma cannot express). Every read selects these columns
// (RawNotificationRow in notification-item.ts) from this join: the row, its event, and the actor's
// name in the directory today, which wins over the name the event claimed.

export const NOTIFICATION_COLUMNS =
  "n.id, n.seq, n.type, n.source, n.created_at, n.read_at, e.event_id, e.cloud_event, actor.name AS actor_name";

export const NOTIFICATION_FROM = "notifications n JOIN events e ON e.id = n.event_pk LEFT JOIN users actor ON actor.id = e.actor_id";
