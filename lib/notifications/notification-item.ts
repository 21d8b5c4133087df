import { actorOf, isEventType } from "../events/catalog";
import { type Locale, renderNotification } from "./render-notification";

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

/** A notification joined with its event, as the raw queries of this folder select it. */
export interface RawNotificationRow {
  id: bigint | null;
  seq: bigint;
  type: string;
  source: string;
  created_at: Date;
  read_at: Date | null;
  event_id: string;
  cloud_event: unknown;
}

export function fromRaw(row: RawNotificationRow & { id: bigint }): NotificationRow {
  return {
    id: row.id,
    seq: row.seq,
    type: row.type,
    source: row.source,
    createdAt: row.created_at,
    readAt: row.read_at,
    event: { eventId: row.event_id, cloudEvent: row.cloud_event },
  };
}

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
