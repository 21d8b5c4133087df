import { z } from "zod";

// The event contract of PRODUCT.md §4: for each CloudEvent type, the shape of its data, who acted,
// and who is told. Rendering the text lives in lib/notifications/render-notification.ts.

const id = z.string().min(1).max(64);
const person = z.object({
  id: id.describe("Employee id in the groupware directory, e.g. E0012"),
  name: z.string().min(1).max(100).describe("Display name, shown as sent"),
});
const title = z.string().min(1).max(300);
const instant = z.iso.datetime({ offset: true });

export const audienceSchema = z
  .union([
    z.object({ all: z.literal(true).describe("Everyone in the directory") }).strict(),
    z.object({ departmentIds: z.array(id).min(1).max(1000).describe("Department ids, e.g. D02: all their members") }).strict(),
    z.object({ userIds: z.array(id).min(1).max(10_000).describe("Employee ids") }).strict(),
  ])
  .describe("Who is notified: these employees, the members of these departments, or everyone");
export type Audience = z.infer<typeof audienceSchema>;

const approvalDecision = z.object({
  documentId: id.describe("The approval document; also the CloudEvent subject"),
  documentTitle: title.describe("Title of the document"),
  approver: person.describe("Who decided (the actor)"),
  requesterId: id.describe("Who submitted the document; notified"),
  comment: z.string().max(2000).optional().describe("The approver's comment, if any"),
});

const calendarChange = z.object({
  eventId: id.describe("The calendar event; also the CloudEvent subject"),
  title: title.describe("Title of the calendar event"),
  startsAt: instant.describe("When the event starts (for an update: the new time), ISO 8601 with Z or an offset"),
  organizer: person.describe("Who updated or cancelled it (the actor)"),
  attendeeIds: z.array(id).min(1).max(10_000).describe("Employee ids of the attendees; each is notified"),
});

const reservation = z.object({
  reservationId: id.describe("The reservation; also the CloudEvent subject"),
  resourceName: z.string().min(1).max(200).describe("Room or equipment, as the reserver knows it"),
  startsAt: instant.describe("Start of the reserved slot, ISO 8601 with Z or an offset"),
  endsAt: instant.describe("End of the reserved slot, ISO 8601 with Z or an offset"),
  reserverId: id.describe("Who made the reservation; notified"),
});

export const dataSchemas = {
  "approval.requested": z.object({
    documentId: id.describe("The approval document; also the CloudEvent subject"),
    documentTitle: title.describe("Title of the document"),
    requester: person.describe("Who submitted it (the actor)"),
    approverIds: z.array(id).min(1).max(1000).describe("Employee ids of the approvers; each is notified"),
  }),
  "approval.approved": approvalDecision,
  "approval.rejected": approvalDecision,
  "board.notice.published": z.object({
    postId: id.describe("The notice's post; also the CloudEvent subject"),
    title: title.describe("Title of the notice"),
    author: person.describe("Who published it (the actor)"),
    audience: z
      .union([
        z.object({ all: z.literal(true).describe("Everyone in the directory") }).strict(),
        z.object({ departmentIds: z.array(id).min(1).max(1000).describe("Department ids, e.g. D02: all their members") }).strict(),
      ])
      .describe("Who is notified: everyone, or the members of these departments"),
    important: z.boolean().optional().describe("An important notice (marked as such in the bell)"),
  }),
  "board.comment.created": z.object({
    postId: id.describe("The commented post; also the CloudEvent subject"),
    postTitle: title.describe("Title of the post"),
    commenter: person.describe("Who commented (the actor)"),
    postAuthorId: id.describe("Author of the post; notified"),
    excerpt: z.string().max(1000).describe("The start of the comment, shown as sent"),
  }),
  "calendar.event.invited": z.object({
    eventId: id.describe("The calendar event; also the CloudEvent subject"),
    title: title.describe("Title of the calendar event"),
    startsAt: instant.describe("When the event starts, ISO 8601 with Z or an offset"),
    organizer: person.describe("Who invited (the actor)"),
    inviteeIds: z.array(id).min(1).max(10_000).describe("Employee ids of the invitees; each is notified"),
  }),
  "calendar.event.updated": calendarChange,
  "calendar.event.cancelled": calendarChange,
  "calendar.event.reminder": z.object({
    eventId: id.describe("The calendar event; also the CloudEvent subject"),
    title: title.describe("Title of the calendar event"),
    startsAt: instant.describe("When the event starts, ISO 8601 with Z or an offset"),
    minutesBefore: z.number().int().min(0).max(10_080).describe("Minutes from this reminder to the start"),
    attendeeIds: z.array(id).min(1).max(10_000).describe("Employee ids of the attendees; each is notified"),
  }),
  "reservation.confirmed": reservation,
  "reservation.cancelled": reservation,
  "notification.custom": z.object({
    recipients: audienceSchema,
    title: title.describe("Shown as sent, in every reader's language (it is not translated)"),
    body: z.string().max(2000).optional().describe("Second line, shown as sent"),
    link: z.string().max(2000).optional().describe("Where a click goes: a path in the groupware (/approval/inbox) or a URL"),
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
