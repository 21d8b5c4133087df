import { actorOf, type EventData, type EventType, isEventType, withActorName } from "../events/catalog";
import type { Locale } from "../i18n/locale";
import { renderCurrent } from "./render-notification";

/** Where a notification stands now that later events about its item may have arrived (PRODUCT.md §11). */
export type NotificationStatus = "active" | "resolved" | "changed" | "cancelled";
export const NOTIFICATION_STATUSES: readonly NotificationStatus[] = ["active", "resolved", "changed", "cancelled"];

/** A must-read notice's acknowledgement (PRODUCT.md §12): due by `dueAt`, given at `at`. */
export interface Acknowledgement {
  required: true;
  dueAt: string | null;
  at: string | null;
}

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
  ack: Acknowledgement | null;
  /** Put off by its reader until then (PRODUCT.md §13): out of the lists and counts till it comes back. */
  snoozedUntil: string | null;
  /** When it last came back from a snooze (unread, at the top). */
  unsnoozedAt: string | null;
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
  /** Whose it is: "you approved" reads differently from "이서준님이 이미 승인했습니다". */
  userId: string;
  type: string;
  source: string;
  createdAt: Date;
  readAt: Date | null;
  event: { eventId: string; cloudEvent: unknown };
  /** The actor's name in the directory, when the directory knows them. */
  actorName: string | null;
  thread: string | null;
  status: NotificationStatus;
  statusAt: Date | null;
  action: ApprovalAction | null;
  /** The CloudEvent of the later event whose facts it now shows (a calendar event's new time). */
  factsEvent: unknown;
  requiresAck: boolean;
  ackedAt: Date | null;
  snoozedUntil: Date | null;
  unsnoozedAt: Date | null;
}

/** A notification joined with its event, as the raw queries of this folder select it. */
export interface RawNotificationRow {
  id: bigint | null;
  seq: bigint;
  type: string;
  source: string;
  created_at: Date;
  read_at: Date | null;
  user_id: string;
  event_id: string;
  cloud_event: unknown;
  actor_name: string | null;
  thread: string | null;
  status: string;
  status_at: Date | null;
  action: ApprovalAction | null;
  facts_event: unknown;
  requires_ack: boolean;
  acked_at: Date | string | null;
  snoozed_until: Date | string | null;
  unsnoozed_at: Date | string | null;
}

export function fromRaw(row: RawNotificationRow & { id: bigint }): NotificationRow {
  return {
    id: row.id,
    seq: row.seq,
    type: row.type,
    source: row.source,
    createdAt: row.created_at,
    readAt: row.read_at,
    userId: row.user_id,
    event: { eventId: row.event_id, cloudEvent: row.cloud_event },
    actorName: row.actor_name,
    thread: row.thread,
    status: (NOTIFICATION_STATUSES as readonly string[]).includes(row.status) ? (row.status as NotificationStatus) : "active",
    statusAt: row.status_at,
    // The database writes the time its own way (+00:00): the API's times are ISO 8601 UTC.
    action: row.action && { ...row.action, at: row.action.at && new Date(row.action.at).toISOString() },
    factsEvent: row.facts_event,
    requiresAck: row.requires_ack === true,
    ackedAt: dateOf(row.acked_at),
    snoozedUntil: dateOf(row.snoozed_until),
    unsnoozedAt: dateOf(row.unsnoozed_at),
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
    ...renderCurrent(row.type, data ?? {}, locale, {
      status: row.status,
      outcome: row.action?.outcome ?? null,
      by: row.action?.by ?? null,
      facts: (row.factsEvent as { data?: Record<string, unknown> } | null)?.data ?? null,
      readerId: row.userId,
    }),
    actor: data && isEventType(row.type) ? actorOf(row.type, data) : null,
    createdAt: row.createdAt.toISOString(),
    readAt: row.readAt?.toISOString() ?? null,
    thread: row.thread,
    status: row.status,
    updatedAt: row.statusAt?.toISOString() ?? null,
    action: row.action,
    ack: row.requiresAck ? { required: true, dueAt: dueAtOf(data), at: row.ackedAt?.toISOString() ?? null } : null,
    snoozedUntil: row.snoozedUntil?.toISOString() ?? null,
    unsnoozedAt: row.unsnoozedAt?.toISOString() ?? null,
  };
}

// node-postgres (the live stream's reads) and Prisma both give a Date; a string is parsed all the same.
function dateOf(value: Date | string | null | undefined): Date | null {
  return value === null || value === undefined ? null : new Date(value);
}

/** The notice's due date, in UTC like every time of the API. */
function dueAtOf(data: EventData<EventType> | undefined): string | null {
  const dueAt = (data as { ackDueAt?: string } | undefined)?.ackDueAt;
  return dueAt ? new Date(dueAt).toISOString() : null;
}

/** The event's data as readers see it: a person the directory knows, under the directory's name. */
function shownData(row: NotificationRow, data: EventData<EventType> | undefined): EventData<EventType> | undefined {
  if (!data || !row.actorName || !isEventType(row.type)) return data;
  return withActorName(row.type, data, row.actorName);
}
