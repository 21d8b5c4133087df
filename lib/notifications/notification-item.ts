import { actorOf, type EventData, type EventType, isEventType, withActorName } from "../events/catalog";
import type { Locale } from "../i18n/locale";
import { renderNotification } from "./render-notification";

/** Where a notification stands now that later events about its item may have arrived (PRODUCT.md §11). */
export type NotificationStatus = "active" | "resolved" | "changed" | "cancelled";
export const NOTIFICATION_STATUSES: readonly NotificationStatus[] = ["active", "resolved", "changed", "cancelled"];

/** What an approval request asks of its reader, and how it ended. */
export interface ApprovalAction {
  kind: "approval";
  /** pending: theirs to decide; submitted: they decided here, the approval service has not answered yet; done. */
  status: "pending" | "submitted" | "done";
  outcome: "approved" | "rejected" | "withdrawn" | null;
  by: { id: string; name: string } | null;
  at: string | null;
}

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
  /** `<source>|<subject>`: the item it is about; null for a notification about no item. */
  thread: string | null;
  status: NotificationStatus;
  /** When the status last changed. */
  updatedAt: string | null;
  action: ApprovalAction | null;
  /** With `view=threads` only: the notifications of the thread, and how many are unread. */
  threadCount?: number;
  threadUnread?: number;
}

/** A stream frame's item (event: notification / notification-updated): with the person's open actions after it. */
export interface StreamedItem extends NotificationItem {
  actionCount: number;
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
    thread: null,
    status: "active",
    updatedAt: null,
    action: null,
  };
}

/** The event's data as readers see it: a person the directory knows, under the directory's name. */
function shownData(row: NotificationRow, data: EventData<EventType> | undefined): EventData<EventType> | undefined {
  if (!data || !row.actorName || !isEventType(row.type)) return data;
  return withActorName(row.type, data, row.actorName);
}
