import { actorOf, isEventType } from "../events/catalog";
import { renderNotification, type Locale } from "./render-notification";

// The notification item of PRODUCT.md §5, shared by the REST routes and the SSE stream.
export interface NotificationItem {
  id: string;
  eventId: string;
  type: string;
  source: string;
  title: string;
  body: string | null;
  link: string | null;
  actor: { id: string; name: string } | null;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationRow {
  id: bigint;
  seq: bigint;
  type: string;
  source: string;
  createdAt: Date;
  readAt: Date | null;
  event: { eventId: string; cloudEvent: unknown };
}

/** The Prisma selection every reader of notifications uses, so rows always fit toItem. */
export const NOTIFICATION_SELECT = {
  id: true,
  seq: true,
  type: true,
  source: true,
  createdAt: true,
  readAt: true,
  event: { select: { eventId: true, cloudEvent: true } },
} as const;

export function toItem(row: NotificationRow, locale: Locale): NotificationItem {
  const envelope = row.event.cloudEvent as { data?: Record<string, unknown> };
  const data = envelope.data ?? {};
  return {
    id: row.id.toString(),
    eventId: row.event.eventId,
    type: row.type,
    source: row.source,
    ...renderNotification(row.type, data, locale),
    actor: isEventType(row.type) ? actorOf(row.type, data) : null,
    createdAt: row.createdAt.toISOString(),
    readAt: row.readAt?.toISOString() ?? null,
  };
}

