import { db } from "../db/prisma";
import { type EventData, type EventType, isEventType, withActorName } from "../events/catalog";
import type { Locale } from "../i18n/locale";
import type { ApprovalAction, NotificationStatus } from "../notifications/notification-item";
import { renderNotification } from "../notifications/render-notification";

// An event's page: the CloudEvent as received, where it was in Kafka, and for each recipient when
// the notification was stored, first delivered over SSE and read, with the time each stage took,
// and where it stands now; and the thread: every event about the same item, in order.

/** The events of a thread shown on an event's page; a longer thread shows its latest. */
export const THREAD_EVENTS_SHOWN = 100;

export interface ThreadEvent {
  id: string;
  eventId: string;
  type: string;
  time: string | null;
  receivedAt: string;
  title: string;
  recipients: number;
}

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
  /** `<source>|<subject>` and its events, oldest first (this one among them); null for an event about no item. */
  thread: { key: string; events: ThreadEvent[] } | null;
  recipients: {
    notificationId: string;
    recipient: { id: string; name: string; departmentId: string };
    storedAt: string;
    deliveredAt: string | null;
    readAt: string | null;
    status: NotificationStatus;
    statusAt: string | null;
    action: ApprovalAction | null;
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
          status: true,
          statusAt: true,
          action: true,
          user: { select: { id: true, name: true, departmentId: true } },
        },
      },
    },
  });
  if (!event) return null;
  const thread = event.thread ? await threadEvents(event.thread, locale) : null;
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
    title: await titleOf(event, locale),
    thread: thread && event.thread ? { key: event.thread, events: thread } : null,
    recipients: event.notifications.map((n) => ({
      notificationId: n.id.toString(),
      recipient: n.user,
      storedAt: n.createdAt.toISOString(),
      deliveredAt: n.deliveredAt?.toISOString() ?? null,
      readAt: n.readAt?.toISOString() ?? null,
      status: n.status as NotificationStatus,
      statusAt: n.statusAt?.toISOString() ?? null,
      action: n.action as ApprovalAction | null,
      storeMs: since(event.time, n.createdAt),
      deliverMs: since(n.createdAt, n.deliveredAt),
      readMs: since(n.deliveredAt ?? n.createdAt, n.readAt),
    })),
  };
}

async function threadEvents(thread: string, locale: Locale): Promise<ThreadEvent[]> {
  const events = await db().event.findMany({
    where: { thread },
    orderBy: { id: "desc" },
    take: THREAD_EVENTS_SHOWN,
    select: {
      id: true,
      eventId: true,
      type: true,
      time: true,
      receivedAt: true,
      cloudEvent: true,
      actorId: true,
      _count: { select: { notifications: true } },
    },
  });
  const titles = await Promise.all(events.map((event) => titleOf(event, locale)));
  return events
    .map((event, index) => ({
      id: event.id.toString(),
      eventId: event.eventId,
      type: event.type,
      time: event.time?.toISOString() ?? null,
      receivedAt: event.receivedAt.toISOString(),
      title: titles[index] ?? event.type,
      recipients: event._count.notifications,
    }))
    .reverse();
}

/** The event's title as its recipients read it, the actor under the directory's name. */
async function titleOf(event: { type: string; cloudEvent: unknown; actorId: string | null }, locale: Locale): Promise<string> {
  const data = (event.cloudEvent as { data?: EventData<EventType> }).data ?? {};
  const actor = event.actorId ? await db().user.findUnique({ where: { id: event.actorId }, select: { name: true } }) : null;
  const shown = actor && isEventType(event.type) ? withActorName(event.type, data as EventData<EventType>, actor.name) : data;
  return renderNotification(event.type, shown, locale).title;
}
