import { z } from "zod";
import { instantSchema } from "./instant";

// The event contract (docs/events.md), one entry per CloudEvent type: who publishes it (and so its
// topic and source), the shape of its data, who acted, who is told, what it is about, and an
// example. Adding a type is adding an entry; the compiler then names every table keyed by type
// that lacks it (its renderer in lib/notifications/render-notification.ts, the simulator's weight).

/** The groupware services that publish events: each on its own topic, as its own source. */
export const SERVICES = {
  approval: { topic: "groupware.approval", source: "groupware/approval" },
  board: { topic: "groupware.board", source: "groupware/board" },
  calendar: { topic: "groupware.calendar", source: "groupware/calendar" },
  reservation: { topic: "groupware.reservation", source: "groupware/reservation" },
  /** The company's directory: people and departments. Compacted: the latest change per key is kept. */
  directory: { topic: "groupware.directory", source: "groupware/directory", compacted: true },
} as const;
export type Service = keyof typeof SERVICES;
export const SERVICE_NAMES = Object.keys(SERVICES) as Service[];
/** The services whose events notify people (the directory's change who they are). */
export type NotifyingService = Exclude<Service, "directory">;
export const NOTIFYING_SERVICES = SERVICE_NAMES.filter((service): service is NotifyingService => service !== "directory");
/** Each service's topic. */
export const TOPICS = Object.fromEntries(SERVICE_NAMES.map((service) => [service, SERVICES[service].topic])) as {
  [S in Service]: (typeof SERVICES)[S]["topic"];
};
export const EVENT_TOPICS = Object.values(TOPICS);
export const DLQ_TOPIC = "groupware.notifications.dlq";

const id = z.string().min(1).max(64);
const person = z.object({
  id: id.describe("Employee id in the groupware directory, e.g. E0012"),
  name: z.string().min(1).max(100).describe("Display name; a person the directory knows is shown with the directory's name"),
});
export type Person = z.infer<typeof person>;
const title = z.string().min(1).max(300);
const instant = instantSchema;

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

/**
 * What an event does to earlier notifications of its thread (the same source and subject, PRODUCT.md
 * §11): those of `types` (only the deciding person's, with `userId`; only the still active ones,
 * with `onlyActive`) take `status`, and an approval request's action ends with `outcome` by `by`.
 * It applies to notifications of events no later than it, also to one stored after it.
 */
export interface ThreadEffect {
  status: "resolved" | "changed" | "cancelled";
  /** Notification types of this catalog (a string here, as the catalog's own types come from EVENTS). */
  types: readonly string[];
  onlyActive?: boolean;
  userId?: string;
  outcome?: "approved" | "rejected" | "withdrawn";
  by?: Person;
}

/** The data fields of a type that hold a person ({id, name}). */
type PersonField<D> = { [K in keyof D]-?: D[K] extends Person ? K : never }[keyof D];

export interface EventDefinition<S extends z.ZodObject = z.ZodObject> {
  /** A notification for people, or a change of the directory (who people are). */
  kind: "notification" | "directory";
  /** Who publishes it: on that service's topic, as its source. "any": every notifying service, each on its own. */
  service: Service | "any";
  /** For the JSON Schema and docs/events.md. */
  description: string;
  data: S;
  /** The field naming who acted: never told of their own action, shown with the directory's name. */
  actor: PersonField<z.output<S>> | null;
  /** Who is told, before the actor is removed and unknown ids are dropped. */
  audience: (data: z.output<S>) => Audience;
  /** The item it is about: the CloudEvent subject and the Kafka message key. */
  subject: (data: z.output<S>) => string | undefined;
  /** What it changes in earlier notifications of the same item, if anything. */
  effect?: (data: z.output<S>) => ThreadEffect;
  /** One valid event over the demo directory (prisma/seed.ts), shown verbatim in docs/events.md. */
  example: { id: string; time: string; source?: string; subject?: string; data: z.input<S> };
}

function defineEvent<S extends z.ZodObject>(definition: Omit<EventDefinition<S>, "kind">): EventDefinition<S> & { kind: "notification" } {
  return { ...definition, kind: "notification" };
}

/** Nobody: a directory change tells no one anything. */
const NOBODY: Audience = { userIds: [] };

function defineDirectoryEvent<S extends z.ZodObject>(
  definition: Omit<EventDefinition<S>, "kind" | "service" | "actor" | "audience">,
): EventDefinition<S> & { kind: "directory" } {
  return { ...definition, kind: "directory", service: "directory", actor: null, audience: () => NOBODY };
}

/** What a calendar event's later changes update. */
const CALENDAR_NOTIFICATIONS = ["calendar.event.invited", "calendar.event.updated", "calendar.event.reminder"] as const;

const directoryDepartment = z.object({
  id: id.describe("Department id, e.g. D02; the message key is department:<id>"),
});
const directoryPerson = z.object({
  id: id.describe("Employee id, e.g. E0012; the message key is user:<id>. Events name recipients by it"),
});

export const EVENTS = {
  "approval.requested": defineEvent({
    service: "approval",
    description: "A document was submitted for approval. Notifies approverIds; the requester is the actor.",
    data: z.object({
      documentId: id.describe("The approval document; also the CloudEvent subject"),
      documentTitle: title.describe("Title of the document"),
      requester: person.describe("Who submitted it (the actor)"),
      approverIds: z.array(id).min(1).max(1000).describe("Employee ids of the approvers; each is notified"),
    }),
    actor: "requester",
    audience: (d) => ({ userIds: d.approverIds }),
    subject: (d) => d.documentId,
    example: {
      id: "7f0c3c1e-0b7a-4a51-9d38-2a3c0f2e4d11",
      time: "2026-11-24T09:30:00Z",
      data: {
        documentId: "DOC-2026-0042",
        documentTitle: "출장 경비 정산",
        requester: { id: "E0012", name: "이서준" },
        approverIds: ["E0003", "E0007"],
      },
    },
  }),
  "approval.approved": defineEvent({
    service: "approval",
    description: "An approver approved a document. Notifies requesterId; the approver is the actor.",
    data: approvalDecision,
    actor: "approver",
    audience: (d) => ({ userIds: [d.requesterId] }),
    subject: (d) => d.documentId,
    effect: (d) => ({ status: "resolved", types: ["approval.requested"], userId: d.approver.id, outcome: "approved", by: d.approver }),
    example: {
      id: "17f78ad2-1cf4-4c0e-897c-e6d7c7a8b12c",
      time: "2026-11-24T10:05:12Z",
      data: {
        documentId: "DOC-2026-0042",
        documentTitle: "출장 경비 정산",
        approver: { id: "E0003", name: "박도윤" },
        requesterId: "E0012",
        comment: "확인했습니다. 영수증 원본은 경영지원팀에 제출해 주세요.",
      },
    },
  }),
  "approval.rejected": defineEvent({
    service: "approval",
    description: "An approver rejected a document. Notifies requesterId; the approver is the actor.",
    data: approvalDecision,
    actor: "approver",
    audience: (d) => ({ userIds: [d.requesterId] }),
    subject: (d) => d.documentId,
    effect: (d) => ({ status: "resolved", types: ["approval.requested"], userId: d.approver.id, outcome: "rejected", by: d.approver }),
    example: {
      id: "96b4dcb3-b362-4d5a-9f36-c9145d716a56",
      time: "2026-11-24T10:41:37Z",
      data: {
        documentId: "DOC-2026-0047",
        documentTitle: "2027년 상반기 외부 교육 참가 신청",
        approver: { id: "E0031", name: "남태윤" },
        requesterId: "E0016",
        comment: "교육 기관 견적서를 첨부해 다시 올려 주세요.",
      },
    },
  }),
  "approval.withdrawn": defineEvent({
    service: "approval",
    description:
      "The requester withdrew a document before it was decided. Notifies nobody: the approvers' pending requests turn cancelled.",
    data: z.object({
      documentId: id.describe("The approval document; also the CloudEvent subject"),
      documentTitle: title.describe("Title of the document"),
      requester: person.describe("Who withdrew it (the actor)"),
      approverIds: z.array(id).min(1).max(1000).describe("Employee ids of the approvers it was waiting for"),
    }),
    actor: "requester",
    audience: () => NOBODY,
    subject: (d) => d.documentId,
    effect: (d) => ({ status: "cancelled", types: ["approval.requested"], onlyActive: true, outcome: "withdrawn", by: d.requester }),
    example: {
      id: "0c2d6a8e-51f3-4b9e-a7d4-3e8f1b6c9a20",
      time: "2026-11-24T09:50:00Z",
      data: {
        documentId: "DOC-2026-0042",
        documentTitle: "출장 경비 정산",
        requester: { id: "E0012", name: "이서준" },
        approverIds: ["E0003", "E0007"],
      },
    },
  }),
  "approval.completed": defineEvent({
    service: "approval",
    description:
      "A document was decided for good. Notifies requesterId; every approver's request still pending turns resolved with that outcome.",
    data: z.object({
      documentId: id.describe("The approval document; also the CloudEvent subject"),
      documentTitle: title.describe("Title of the document"),
      outcome: z.enum(["approved", "rejected"]).describe("How it ended"),
      decidedBy: person.describe("Who made the last decision (the actor)"),
      requesterId: id.describe("Who submitted the document; notified"),
    }),
    actor: "decidedBy",
    audience: (d) => ({ userIds: [d.requesterId] }),
    subject: (d) => d.documentId,
    effect: (d) => ({ status: "resolved", types: ["approval.requested"], onlyActive: true, outcome: d.outcome, by: d.decidedBy }),
    example: {
      id: "5e7a9c1b-2d4f-4a6e-8b0c-1d3f5a7c9e2b",
      time: "2026-11-24T10:05:13Z",
      data: {
        documentId: "DOC-2026-0042",
        documentTitle: "출장 경비 정산",
        outcome: "approved",
        decidedBy: { id: "E0003", name: "박도윤" },
        requesterId: "E0012",
      },
    },
  }),
  "board.notice.published": defineEvent({
    service: "board",
    description:
      "A notice was published on the board. Notifies its audience (everyone, or the members of the departments); the author is the actor.",
    data: z.object({
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
      requiresAck: z
        .boolean()
        .optional()
        .describe("A must-read notice: pinned in the bell until each reader acknowledges it; the board sees who has (PRODUCT.md §12)"),
      ackDueAt: instant.optional().describe("When everyone should have acknowledged it: those who have not are reminded then, ISO 8601"),
    }),
    actor: "author",
    audience: (d) => d.audience,
    subject: (d) => d.postId,
    example: {
      id: "cd35e145-6628-4102-80aa-5b1698d13a53",
      time: "2026-11-24T00:10:00Z",
      data: {
        postId: "POST-2026-0815",
        title: "연말정산 서류 제출 안내",
        author: { id: "E0034", name: "하윤서" },
        audience: { all: true },
        important: true,
        requiresAck: true,
        ackDueAt: "2026-11-27T09:00:00+09:00",
      },
    },
  }),
  "board.notice.reminder": defineEvent({
    service: "board",
    description:
      "A reminder to acknowledge a must-read notice. This service sends it itself (POST /api/admin/notices/{postId}/remind, and once at the notice's ackDueAt) to those who have not acknowledged; published by the board, it notifies recipientIds.",
    data: z.object({
      postId: id.describe("The notice's post; also the CloudEvent subject"),
      title: title.describe("Title of the notice"),
      ackDueAt: instant.optional().describe("The notice's due date, if it has one"),
      recipientIds: z
        .array(id)
        .min(1)
        .max(10_000)
        .optional()
        .describe("Employee ids to remind (the service's own reminders go to everyone pending)"),
    }),
    actor: null,
    audience: (d) => (d.recipientIds ? { userIds: d.recipientIds } : NOBODY),
    subject: (d) => d.postId,
    example: {
      id: "b7e0f2a4-5c61-4d8e-9a3b-0c1d2e3f4a5b",
      time: "2026-11-27T00:00:00Z",
      data: { postId: "POST-2026-0815", title: "연말정산 서류 제출 안내", ackDueAt: "2026-11-27T09:00:00+09:00", recipientIds: ["E0012"] },
    },
  }),
  "board.comment.created": defineEvent({
    service: "board",
    description: "Someone commented on a post. Notifies postAuthorId; the commenter is the actor.",
    data: z.object({
      postId: id.describe("The commented post; also the CloudEvent subject"),
      postTitle: title.describe("Title of the post"),
      commenter: person.describe("Who commented (the actor)"),
      postAuthorId: id.describe("Author of the post; notified"),
      excerpt: z.string().max(1000).describe("The start of the comment, shown as sent"),
    }),
    actor: "commenter",
    audience: (d) => ({ userIds: [d.postAuthorId] }),
    subject: (d) => d.postId,
    example: {
      id: "2d4413f9-4c59-4920-ae60-8247eaf7ccd3",
      time: "2026-11-24T02:17:45Z",
      data: {
        postId: "POST-2026-0802",
        postTitle: "신규 입사자 온보딩 체크리스트",
        commenter: { id: "E0014", name: "서지민" },
        postAuthorId: "E0037",
        excerpt: "개발팀 장비 신청 항목도 추가하면 좋겠습니다.",
      },
    },
  }),
  "board.post.deleted": defineEvent({
    service: "board",
    description: "A post (a notice or any other) was deleted. Notifies nobody: every notification of the post turns cancelled.",
    data: z.object({
      postId: id.describe("The deleted post; also the CloudEvent subject"),
      title: title.describe("Title of the post"),
      deletedBy: person.describe("Who deleted it (the actor)"),
    }),
    actor: "deletedBy",
    audience: () => NOBODY,
    subject: (d) => d.postId,
    effect: (d) => ({
      status: "cancelled",
      types: ["board.notice.published", "board.notice.reminder", "board.comment.created"],
      by: d.deletedBy,
    }),
    example: {
      id: "a41c7e2d-9b3f-4d58-86e1-2f7c0b9d4e63",
      time: "2026-11-24T04:00:00Z",
      data: {
        postId: "POST-2026-0815",
        title: "연말정산 서류 제출 안내",
        deletedBy: { id: "E0034", name: "하윤서" },
      },
    },
  }),
  "calendar.event.invited": defineEvent({
    service: "calendar",
    description: "An organizer invited people to a calendar event. Notifies inviteeIds; the organizer is the actor.",
    data: z.object({
      eventId: id.describe("The calendar event; also the CloudEvent subject"),
      title: title.describe("Title of the calendar event"),
      startsAt: instant.describe("When the event starts, ISO 8601 with Z or an offset"),
      organizer: person.describe("Who invited (the actor)"),
      inviteeIds: z.array(id).min(1).max(10_000).describe("Employee ids of the invitees; each is notified"),
    }),
    actor: "organizer",
    audience: (d) => ({ userIds: d.inviteeIds }),
    subject: (d) => d.eventId,
    example: {
      id: "3836a7c5-7146-4d40-b223-b242618a6748",
      time: "2026-11-24T05:02:09Z",
      data: {
        eventId: "EVT-2026-1130-01",
        title: "2027년 개발 로드맵 리뷰",
        startsAt: "2026-11-30T14:00:00+09:00",
        organizer: { id: "E0011", name: "한수아" },
        inviteeIds: ["E0012", "E0013", "E0016", "E0043"],
      },
    },
  }),
  "calendar.event.updated": defineEvent({
    service: "calendar",
    description:
      "A calendar event changed (time, title). Notifies attendeeIds; the organizer is the actor. startsAt is the new start. Earlier notifications of the event turn changed and show it.",
    data: calendarChange,
    actor: "organizer",
    audience: (d) => ({ userIds: d.attendeeIds }),
    subject: (d) => d.eventId,
    effect: (d) => ({ status: "changed", types: CALENDAR_NOTIFICATIONS, by: d.organizer }),
    example: {
      id: "7fc8a2d2-4aa6-4b4b-9125-0f91bfef4231",
      time: "2026-11-25T01:48:30Z",
      data: {
        eventId: "EVT-2026-1130-01",
        title: "2027년 개발 로드맵 리뷰",
        startsAt: "2026-12-01T10:00:00+09:00",
        organizer: { id: "E0011", name: "한수아" },
        attendeeIds: ["E0012", "E0013", "E0016", "E0043"],
      },
    },
  }),
  "calendar.event.cancelled": defineEvent({
    service: "calendar",
    description:
      "A calendar event was cancelled. Notifies attendeeIds; the organizer is the actor. Earlier notifications of the event turn cancelled.",
    data: calendarChange,
    actor: "organizer",
    audience: (d) => ({ userIds: d.attendeeIds }),
    subject: (d) => d.eventId,
    effect: (d) => ({ status: "cancelled", types: CALENDAR_NOTIFICATIONS, by: d.organizer }),
    example: {
      id: "8b1fc465-06fa-451a-9522-c083b283b9c6",
      time: "2026-11-25T08:20:00Z",
      data: {
        eventId: "EVT-2026-1127-03",
        title: "영업 전략 주간 회의",
        startsAt: "2026-11-27T09:00:00+09:00",
        organizer: { id: "E0021", name: "전소율" },
        attendeeIds: ["E0022", "E0023", "E0025", "E0028"],
      },
    },
  }),
  "calendar.event.reminder": defineEvent({
    service: "calendar",
    description: "A calendar event starts soon. Notifies attendeeIds; there is no actor, so nobody is left out.",
    data: z.object({
      eventId: id.describe("The calendar event; also the CloudEvent subject"),
      title: title.describe("Title of the calendar event"),
      startsAt: instant.describe("When the event starts, ISO 8601 with Z or an offset"),
      minutesBefore: z.number().int().min(0).max(10_080).describe("Minutes from this reminder to the start"),
      attendeeIds: z.array(id).min(1).max(10_000).describe("Employee ids of the attendees; each is notified"),
    }),
    actor: null,
    audience: (d) => ({ userIds: d.attendeeIds }),
    subject: (d) => d.eventId,
    example: {
      id: "9b22049e-d971-47a1-a632-2670ffcf0aff",
      time: "2026-11-25T05:50:00Z",
      data: {
        eventId: "EVT-2026-1125-02",
        title: "디자인 시안 검토",
        startsAt: "2026-11-25T15:00:00+09:00",
        minutesBefore: 10,
        attendeeIds: ["E0041", "E0044", "E0012"],
      },
    },
  }),
  "reservation.confirmed": defineEvent({
    service: "reservation",
    description: "A room or equipment reservation was confirmed. Notifies reserverId.",
    data: reservation,
    actor: null,
    audience: (d) => ({ userIds: [d.reserverId] }),
    subject: (d) => d.reservationId,
    example: {
      id: "987be702-8ccf-44b9-a89c-6532337d5e71",
      time: "2026-11-24T06:12:03Z",
      data: {
        reservationId: "RSV-2026-3141",
        resourceName: "본관 3층 대회의실",
        startsAt: "2026-11-26T13:00:00+09:00",
        endsAt: "2026-11-26T15:00:00+09:00",
        reserverId: "E0025",
      },
    },
  }),
  "reservation.cancelled": defineEvent({
    service: "reservation",
    description: "A room or equipment reservation was cancelled. Notifies reserverId; its confirmation turns cancelled.",
    data: reservation,
    actor: null,
    audience: (d) => ({ userIds: [d.reserverId] }),
    subject: (d) => d.reservationId,
    effect: () => ({ status: "cancelled", types: ["reservation.confirmed"] }),
    example: {
      id: "3d7ebf65-6cc3-4016-978d-30d54c56857c",
      time: "2026-11-24T07:30:41Z",
      data: {
        reservationId: "RSV-2026-3127",
        resourceName: "법인 차량 (12가 3456)",
        startsAt: "2026-11-28T09:00:00+09:00",
        endsAt: "2026-11-28T18:00:00+09:00",
        reserverId: "E0027",
      },
    },
  }),
  "notification.custom": defineEvent({
    service: "any",
    description: "A free-form notification from any service: title, body and link are shown as sent (not translated). Notifies recipients.",
    data: z.object({
      recipients: audienceSchema,
      title: title.describe("Shown as sent, in every reader's language (it is not translated)"),
      body: z.string().max(2000).optional().describe("Second line, shown as sent"),
      link: z.string().max(2000).optional().describe("Where a click goes: a path in the groupware (/approval/inbox) or a URL"),
    }),
    actor: null,
    audience: (d) => d.recipients,
    subject: () => undefined,
    example: {
      id: "ff33079b-74af-4607-ad79-af4598c74e38",
      time: "2026-11-24T23:00:00Z",
      source: "groupware/approval",
      subject: "DIGEST-2026-11-25",
      data: {
        recipients: { userIds: ["E0003", "E0007"] },
        title: "결재 대기 문서 5건",
        body: "이번 주 금요일까지 처리해 주세요.",
        link: "/approval/inbox",
      },
    },
  }),
  "directory.department.upserted": defineDirectoryEvent({
    description: "A department was created or changed. Its people keep it when it is renamed.",
    data: directoryDepartment.extend({
      name: z.string().min(1).max(100).describe("Its name, as people know it"),
      parentId: id.nullable().optional().describe("The department it belongs to, if any"),
    }),
    subject: (d) => `department:${d.id}`,
    example: {
      id: "3a5b2c1d-6e7f-4a8b-9c0d-1e2f3a4b5c6d",
      time: "2026-11-30T23:00:00Z",
      data: { id: "D02", name: "개발", parentId: null },
    },
  }),
  "directory.department.removed": defineDirectoryEvent({
    description: "A department was closed. Its people stay in it until they move; no notice goes to it.",
    data: directoryDepartment,
    subject: (d) => `department:${d.id}`,
    example: { id: "4b6c3d2e-7f8a-4b9c-8d1e-2f3a4b5c6d7e", time: "2026-12-01T00:00:00Z", data: { id: "D09" } },
  }),
  "directory.user.upserted": defineDirectoryEvent({
    description: "A person joined, changed (name, email, department: notices of the new one follow them) or came back (active: true).",
    data: directoryPerson.extend({
      email: z.email().max(320).describe("Their sign-in email (the company provider's email claim)"),
      name: z.string().min(1).max(100).describe("Their name, shown everywhere as it is here"),
      departmentId: id.describe("Their department; one the directory has not announced yet is shown by its id"),
      role: z.enum(["USER", "ADMIN"]).default("USER").describe("ADMIN may use the admin pages"),
      locale: z.enum(["ko", "en"]).nullable().optional().describe("Their language; null or absent keeps what they chose"),
      active: z.boolean().default(true).describe("false: as if deactivated"),
    }),
    subject: (d) => `user:${d.id}`,
    example: {
      id: "5c7d4e3f-8a9b-4c0d-9e2f-3a4b5c6d7e8f",
      time: "2026-12-01T00:30:00Z",
      data: { id: "E0051", email: "e0051@groupware.test", name: "배준호", departmentId: "D02", role: "USER", locale: "ko", active: true },
    },
  }),
  "directory.user.deactivated": defineDirectoryEvent({
    description:
      "A person left: no sign-in, their sessions end and their streams close, and they are in no audience again. Their history stays.",
    data: directoryPerson,
    subject: (d) => `user:${d.id}`,
    example: { id: "6d8e5f4a-9b0c-4d1e-8f3a-4b5c6d7e8f9a", time: "2026-12-01T01:00:00Z", data: { id: "E0049" } },
  }),
};

export type EventType = keyof typeof EVENTS;
/** The types that notify people (each has a renderer); the others change the directory. */
export type NotificationEventType = { [T in EventType]: (typeof EVENTS)[T]["kind"] extends "notification" ? T : never }[EventType];
export type DirectoryEventType = Exclude<EventType, NotificationEventType>;
export type EventData<T extends EventType> = z.output<(typeof EVENTS)[T]["data"]>;
export const EVENT_TYPES = Object.keys(EVENTS) as EventType[];
export const NOTIFICATION_EVENT_TYPES = EVENT_TYPES.filter((type): type is NotificationEventType => EVENTS[type].kind === "notification");

export function isEventType(type: string): type is EventType {
  return Object.hasOwn(EVENTS, type);
}

/** The entry of a type, with its functions taking that type's data. */
function definitionOf<T extends EventType>(type: T): EventDefinition<z.ZodObject> {
  return EVENTS[type] as unknown as EventDefinition<z.ZodObject>;
}

/** The service a source names (groupware/board → board), or null for one that is not ours. */
export function serviceOfSource(source: string): Service | null {
  return SERVICE_NAMES.find((service) => SERVICES[service].source === source) ?? null;
}

/** The service that publishes an event: the type's own, or for a type every service may send, its source's (else the board). */
export function serviceOf(type: EventType, source: string | undefined): Service {
  const { service } = EVENTS[type];
  if (service !== "any") return service;
  return (source && serviceOfSource(source)) || "board";
}

/** The topic a producer publishes a type to. */
export function topicFor(type: EventType, source?: string): string {
  return SERVICES[serviceOf(type, source)].topic;
}

/** Who acted: never notified of their own action. */
export function actorOf<T extends EventType>(type: T, data: EventData<T>): Person | null {
  const field = definitionOf(type).actor;
  return field ? ((data as unknown as Record<string, Person>)[field] ?? null) : null;
}

/** The data with its actor shown by the given name (the directory's): what every reader sees. */
export function withActorName<T extends EventType>(type: T, data: EventData<T>, name: string): EventData<T> {
  const field = definitionOf(type).actor;
  const actor = field ? (data as unknown as Record<string, Person>)[field] : undefined;
  if (!field || !actor || actor.name === name) return data;
  return { ...data, [field]: { ...actor, name } };
}

/** Who is told, before the actor is removed and unknown ids are dropped. */
export function audienceOf<T extends EventType>(type: T, data: EventData<T>): Audience {
  return definitionOf(type).audience(data);
}

/** The zod schema of a type's data. */
export function dataSchemaOf<T extends EventType>(type: T): (typeof EVENTS)[T]["data"] {
  return EVENTS[type].data;
}

/** What the event changes in earlier notifications of its thread, or null. */
export function effectOf<T extends EventType>(type: T, data: EventData<T>): ThreadEffect | null {
  return definitionOf(type).effect?.(data) ?? null;
}

/** The thread of an event: `<source>|<subject>`, or null for one about no item. */
export function threadOf(source: string, subject: string | undefined | null): string | null {
  return subject ? `${source}|${subject}` : null;
}

/** What the event is about (the CloudEvent subject), from its data. */
export function subjectOf<T extends EventType>(type: T, data: EventData<T>): string | undefined {
  return definitionOf(type).subject(data);
}
