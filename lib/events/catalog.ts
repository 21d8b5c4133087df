import { z } from "zod";

// The event contract of PRODUCT.md §4: for each CloudEvent type, the shape of its data, who acted,
// and who is told. Rendering the text lives in lib/notifications/render-notification.ts.

const id = z.string().min(1).max(64);
const person = z.object({ id, name: z.string().min(1).max(100) });
const title = z.string().min(1).max(300);
const instant = z.iso.datetime({ offset: true });

export const audienceSchema = z.union([
  z.object({ all: z.literal(true) }).strict(),
  z.object({ departmentIds: z.array(id).min(1).max(1000) }).strict(),
  z.object({ userIds: z.array(id).min(1).max(10_000) }).strict(),
]);
export type Audience = z.infer<typeof audienceSchema>;

const approvalDecision = z.object({
  documentId: id,
  documentTitle: title,
  approver: person,
  requesterId: id,
  comment: z.string().max(2000).optional(),
});

const calendarChange = z.object({
  eventId: id,
  title,
  startsAt: instant,
  organizer: person,
  attendeeIds: z.array(id).min(1).max(10_000),
});

const reservation = z.object({
  reservationId: id,
  resourceName: z.string().min(1).max(200),
  startsAt: instant,
  endsAt: instant,
  reserverId: id,
});

export const dataSchemas = {
  "approval.requested": z.object({
    documentId: id,
    documentTitle: title,
    requester: person,
    approverIds: z.array(id).min(1).max(1000),
  }),
  "approval.approved": approvalDecision,
  "approval.rejected": approvalDecision,
  "board.notice.published": z.object({
    postId: id,
    title,
    author: person,
    audience: z.union([
      z.object({ all: z.literal(true) }).strict(),
      z.object({ departmentIds: z.array(id).min(1).max(1000) }).strict(),
    ]),
    important: z.boolean().optional(),
  }),
  "board.comment.created": z.object({
    postId: id,
    postTitle: title,
    commenter: person,
    postAuthorId: id,
    excerpt: z.string().max(1000),
  }),
  "calendar.event.invited": z.object({
    eventId: id,
    title,
    startsAt: instant,
    organizer: person,
    inviteeIds: z.array(id).min(1).max(10_000),
  }),
  "calendar.event.updated": calendarChange,
  "calendar.event.cancelled": calendarChange,
  "calendar.event.reminder": z.object({
    eventId: id,
    title,
    startsAt: instant,
    minutesBefore: z.number().int().min(0).max(10_080),
    attendeeIds: z.array(id).min(1).max(10_000),
  }),
  "reservation.confirmed": reservation,
  "reservation.cancelled": reservation,
  "notification.custom": z.object({
    recipients: audienceSchema,
    title,
    body: z.string().max(2000).optional(),
    link: z.string().max(2000).optional(),
  }),
} as const;

export type EventType = keyof typeof dataSchemas;
export type EventData<T extends EventType> = z.infer<(typeof dataSchemas)[T]>;
export const EVENT_TYPES = Object.keys(dataSchemas) as EventType[];

export const TOPICS = {
  approval: "groupware.approval",
  board: "groupware.board",
  calendar: "groupware.calendar",
  reservation: "groupware.reservation",
} as const;
export const EVENT_TOPICS = Object.values(TOPICS);
export const DLQ_TOPIC = "groupware.notifications.dlq";

export function isEventType(type: string): type is EventType {
  return Object.hasOwn(dataSchemas, type);
}

/** The topic a producer publishes a type to: its service's topic (custom ones: the source's). */
export function topicFor(type: EventType, source: string): string {
  const service = type === "notification.custom" ? source.split("/").pop() : type.split(".")[0];
  return TOPICS[service as keyof typeof TOPICS] ?? TOPICS.board;
}

/** Who acted: never notified of their own action. */
export function actorOf(type: EventType, data: unknown): { id: string; name: string } | null {
  const d = data as Record<string, unknown>;
  const actor = d.requester ?? d.approver ?? d.author ?? d.commenter ?? d.organizer;
  if (type === "calendar.event.reminder" || !actor) return null;
  return actor as { id: string; name: string };
}

/** Who is told, before the actor is removed and unknown ids are dropped. */
export function audienceOf(type: EventType, data: unknown): Audience {
  switch (type) {
    case "approval.requested":
      return { userIds: (data as EventData<"approval.requested">).approverIds };
    case "approval.approved":
    case "approval.rejected":
      return { userIds: [(data as EventData<"approval.approved">).requesterId] };
    case "board.notice.published":
      return (data as EventData<"board.notice.published">).audience;
    case "board.comment.created":
      return { userIds: [(data as EventData<"board.comment.created">).postAuthorId] };
    case "calendar.event.invited":
      return { userIds: (data as EventData<"calendar.event.invited">).inviteeIds };
    case "calendar.event.updated":
    case "calendar.event.cancelled":
    case "calendar.event.reminder":
      return { userIds: (data as EventData<"calendar.event.updated">).attendeeIds };
    case "reservation.confirmed":
    case "reservation.cancelled":
      return { userIds: [(data as EventData<"reservation.confirmed">).reserverId] };
    case "notification.custom":
      return (data as EventData<"notification.custom">).recipients;
  }
}
