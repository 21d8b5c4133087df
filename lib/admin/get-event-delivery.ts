import { db } from "../db/prisma";
import type { Locale } from "../i18n/locale";
import { fromRaw, toItem } from "../notifications/notification-item";

// An event's page: the CloudEvent as received, where it was in Kafka, and for each recipient when
// the notification was stored, first delivered over SSE and read, with the time each stage took.

export interface EventDelivery {
  id: string;
  eventId: string;
  source: string;
  type: string;
  cloudEvent: unknown;
  kafka: { topic: string; partition: number; offset: string };
  time: string | null;
  receivedAt: string;
  title: string;
  recipients: {
    notificationId: string;
    recipient: { id: string; name: string; departmentId: string };
    storedAt: string;
    deliveredAt: string | null;
    readAt: string | null;
    /** Milliseconds: event time → stored, stored → first delivered, delivered → read. */
    storeMs: number | null;
    deliverMs: number | null;
    readMs: number | null;
  }[];
}

export async function getEventDelivery({ eventPk, locale }: { eventPk: bigint; locale: Locale }): Promise<EventDelivery | null> {
  const event = await db().event.findUnique({
    where: { id: eventPk },
    include: {
      notifications: {
        orderBy: [{ userId: "asc" }],
        select: {
          id: true,
          seq: true,
          createdAt: true,
          deliveredAt: true,
          readAt: true,
          user: { select: { id: true, name: true, departmentId: true } },
        },
      },
    },
  });
  if (!event) return null;
  const actor = event.actorId ? await db().user.findUnique({ where: { id: event.actorId }, select: { name: true } }) : null;
  const title = toItem(
    fromRaw({
      id: event.id,
      seq: 0n,
      type: event.type,
      source: event.source,
      created_at: event.receivedAt,
      read_at: null,
      event_id: event.eventId,
      cloud_event: event.cloudEvent,
      actor_name: actor?.name ?? null,
    }),
    locale,
  ).title;
  const since = (from: Date | null, to: Date | null) => (from && to ? to.getTime() - from.getTime() : null);
  return {
    id: event.id.toString(),
    eventId: event.eventId,
    source: event.source,
    type: event.type,
    cloudEvent: event.cloudEvent,
    kafka: { topic: event.topic, partition: event.partition, offset: event.offset.toString() },
    time: event.time?.toISOString() ?? null,
    receivedAt: event.receivedAt.toISOString(),
    title,
    recipients: event.notifications.map((n) => ({
      notificationId: n.id.toString(),
      recipient: n.user,
      storedAt: n.createdAt.toISOString(),
      deliveredAt: n.deliveredAt?.toISOString() ?? null,
      readAt: n.readAt?.toISOString() ?? null,
      storeMs: since(event.time, n.createdAt),
      deliverMs: since(n.createdAt, n.deliveredAt),
      readMs: since(n.deliveredAt ?? n.createdAt, n.readAt),
    })),
  };
}
