import { actorOf, type EventData, type EventType, isEventType, withActorName } from "../events/catalog";
import type { Locale } from "../i18n/locale";
import { renderNotification } from "./render-notification";

// The notification item of docs/api.md, shared by the REST routes and the SSE stream.
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
  /** The actor's name in the directory, when the directory knows them. */
  actorName: string | null;
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
  actor_name: string | null;
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
    actorName: row.actor_name,
  };
}

export function toItem(row: NotificationRow, locale: Locale): NotificationItem {
  const envelope = row.event.cloudEvent as { data?: EventData<EventType> };
  const data = shownData(row, envelope.data);
  return {
    id: row.id.toString(),
    eventId: row.event.eventId,
    type: row.type,
    source: row.source,
    ...renderNotification(row.type, data ?? {}, locale),
    actor: data && isEventType(row.type) ? actorOf(row.type, data) : null,
    createdAt: row.createdAt.toISOString(),
    readAt: row.readAt?.toISOString() ?? null,
  };
}

/** The event's data as readers see it: a person the directory knows, under the directory's name. */
function shownData(row: NotificationRow, data: EventData<EventType> | undefined): EventData<EventType> | undefined {
  if (!data || !row.actorName || !isEventType(row.type)) return data;
  return withActorName(row.type, data, row.actorName);
}
