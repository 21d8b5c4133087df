import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "../lib/db/prisma";
import type { EventType } from "../lib/events/catalog";
import { buildCloudEvent, type PublishOptions } from "../lib/events/producer";
import { listNotifications } from "../lib/notifications/list-notifications";
import { person } from "../test/api";
import { eventually } from "../test/eventually";
import { sendRaw } from "../test/kafka";
import { startTestWorker, type TestTopics, uniqueTopics } from "../test/worker";
import type { WorkerRuntime } from "./runtime";

// Notifications follow their item (PRODUCT.md §11), through the real broker and worker: each
// effect of the catalog changes the earlier notifications it names, for every recipient; an
// effect that arrives before its original still applies; a duplicate changes nothing twice; two
// workers on one thread's events in different partitions end in the same state.

afterAll(disconnectDb);

const AT = Date.parse("2026-12-03T01:00:00Z");
const minute = (n: number) => new Date(AT + n * 60_000).toISOString();

describe("threads", () => {
  const topics = uniqueTopics();
  const groupId = `threads-${randomUUID()}`;
  let worker: WorkerRuntime | undefined;
  beforeAll(async () => {
    worker = await startTestWorker(db(), topics, groupId);
  });
  afterAll(async () => {
    await worker?.close();
  });

  it("an approval: each approver's own decision resolves their request, completion resolves the rest and tells the requester", async () => {
    const [requester, first, second, third] = await people();
    const doc = `DOC-${randomUUID()}`;
    await publish(topics, 0, approvalRequest(doc, requester, [first, second, third], minute(0)));
    await publish(topics, 0, decision("approval.approved", doc, first, requester, minute(1)));
    expect(await stateOf(doc, "approval.requested")).toEqual({
      [first]: { status: "resolved", action: { status: "done", outcome: "approved", by: first } },
      [second]: { status: "active", action: { status: "pending", outcome: null, by: null } },
      [third]: { status: "active", action: { status: "pending", outcome: null, by: null } },
    });
    await publish(topics, 0, decision("approval.rejected", doc, second, requester, minute(2)));
    await publish(topics, 0, completed(doc, second, requester, "rejected", minute(3)));
    expect(await stateOf(doc, "approval.requested")).toEqual({
      [first]: { status: "resolved", action: { status: "done", outcome: "approved", by: first } },
      [second]: { status: "resolved", action: { status: "done", outcome: "rejected", by: second } },
      [third]: { status: "resolved", action: { status: "done", outcome: "rejected", by: second } },
    });
    expect(Object.keys(await stateOf(doc, "approval.completed"))).toEqual([requester]);
    // The third approver reads who decided, in their language.
    const [item] = (await listNotifications({ user: { id: third, locale: "ko" }, query: query({ thread: `groupware/approval|${doc}` }) }))
      .items;
    expect(item?.body).toBe(`${second}님이 이미 반려했습니다.`);
    expect((await listNotifications({ user: { id: third, locale: "en" }, query: query({}) })).actionCount).toBe(0);
  });

  it("a withdrawal cancels the pending requests only", async () => {
    const [requester, decided, waiting] = await people();
    const doc = `DOC-${randomUUID()}`;
    await publish(topics, 0, approvalRequest(doc, requester, [decided, waiting], minute(0)));
    await publish(topics, 0, decision("approval.approved", doc, decided, requester, minute(1)));
    await publish(topics, 0, withdrawn(doc, requester, [decided, waiting], minute(2)));
    expect(await stateOf(doc, "approval.requested")).toEqual({
      [decided]: { status: "resolved", action: { status: "done", outcome: "approved", by: decided } },
      [waiting]: { status: "cancelled", action: { status: "done", outcome: "withdrawn", by: requester } },
    });
  });

  it("a deleted post cancels its notice and its comments for everyone, without a link", async () => {
    const department = `DT${randomUUID().slice(0, 6)}`;
    await db().department.create({ data: { id: department, name: department } });
    const [author, reader, commenter, colleague] = await people(department);
    const post = `POST-${randomUUID()}`;
    await publish(topics, 0, {
      type: "board.notice.published",
      data: { postId: post, title: "워크숍 안내", author: { id: author, name: author }, audience: { departmentIds: [department] } },
      time: minute(0),
    });
    await publish(topics, 0, {
      type: "board.comment.created",
      data: {
        postId: post,
        postTitle: "워크숍 안내",
        commenter: { id: commenter, name: commenter },
        postAuthorId: author,
        excerpt: "참석합니다",
      },
      time: minute(1),
    });
    await publish(topics, 0, {
      type: "board.post.deleted",
      data: { postId: post, title: "워크숍 안내", deletedBy: { id: author, name: author } },
      time: minute(2),
    });
    const notices = await stateOf(post, "board.notice.published");
    expect(Object.keys(notices).sort()).toEqual([reader, commenter, colleague].sort());
    for (const state of Object.values(notices)) expect(state.status).toBe("cancelled");
    expect(await stateOf(post, "board.comment.created")).toEqual({ [author]: { status: "cancelled", action: null } });
    const [item] = (await listNotifications({ user: { id: reader, locale: "ko" }, query: query({}) })).items;
    expect(item).toMatchObject({ status: "cancelled", link: null, body: "삭제된 게시글입니다." });
  });

  it("a calendar change shows the new time on the invitation and reminder; a cancellation cancels them", async () => {
    const [organizer, attendee, other] = await people();
    const eventId = `EVT-${randomUUID()}`;
    const meeting = { eventId, title: "로드맵 리뷰", organizer: { id: organizer, name: organizer } };
    await publish(topics, 0, {
      type: "calendar.event.invited",
      data: { ...meeting, startsAt: "2026-12-03T14:00:00+09:00", inviteeIds: [attendee, other] },
      time: minute(0),
    });
    await publish(topics, 0, {
      type: "calendar.event.updated",
      data: { ...meeting, startsAt: "2026-12-03T16:00:00+09:00", attendeeIds: [attendee, other] },
      time: minute(1),
    });
    expect(await stateOf(eventId, "calendar.event.invited")).toEqual({
      [attendee]: { status: "changed", action: null },
      [other]: { status: "changed", action: null },
    });
    expect(Object.values(await stateOf(eventId, "calendar.event.updated")).map((s) => s.status)).toEqual(["active", "active"]);
    const invitation = (await listNotifications({ user: { id: attendee, locale: "ko" }, query: query({}) })).items.find(
      (item) => item.type === "calendar.event.invited",
    );
    expect(invitation?.body).toBe("변경됨: 2026년 12월 3일 16:00 시작");
    await publish(topics, 0, {
      type: "calendar.event.cancelled",
      data: { ...meeting, startsAt: "2026-12-03T16:00:00+09:00", attendeeIds: [attendee, other] },
      time: minute(2),
    });
    for (const type of ["calendar.event.invited", "calendar.event.updated"] as const) {
      for (const state of Object.values(await stateOf(eventId, type))) expect(state.status).toBe("cancelled");
    }
  });

  it("a cancelled reservation cancels its confirmation", async () => {
    const [reserver] = await people();
    const reservationId = `RSV-${randomUUID()}`;
    const slot = { reservationId, resourceName: "3층 회의실", startsAt: "2026-12-04T10:00:00+09:00", endsAt: "2026-12-04T11:00:00+09:00" };
    await publish(topics, 0, { type: "reservation.confirmed", data: { ...slot, reserverId: reserver }, time: minute(0) });
    await publish(topics, 0, { type: "reservation.cancelled", data: { ...slot, reserverId: reserver }, time: minute(1) });
    expect(await stateOf(reservationId, "reservation.confirmed")).toEqual({ [reserver]: { status: "cancelled", action: null } });
    expect(await stateOf(reservationId, "reservation.cancelled")).toEqual({ [reserver]: { status: "active", action: null } });
  });

  it("an effect that arrives before its original applies when the original comes", async () => {
    const [requester, approver] = await people();
    const doc = `DOC-${randomUUID()}`;
    // Published in the other order, on another partition: the withdrawal is stored first.
    await publish(topics, 2, withdrawn(doc, requester, [approver], minute(5)));
    await publish(topics, 1, approvalRequest(doc, requester, [approver], minute(0)));
    expect(await stateOf(doc, "approval.requested")).toEqual({
      [approver]: { status: "cancelled", action: { status: "done", outcome: "withdrawn", by: requester } },
    });
    // An invitation sent after the change it missed is not changed by it.
    const [organizer, attendee] = await people();
    const eventId = `EVT-${randomUUID()}`;
    const meeting = { eventId, title: "주간 회의", organizer: { id: organizer, name: organizer }, startsAt: "2026-12-05T09:00:00+09:00" };
    await publish(topics, 2, { type: "calendar.event.updated", data: { ...meeting, attendeeIds: [attendee] }, time: minute(3) });
    await publish(topics, 1, { type: "calendar.event.invited", data: { ...meeting, inviteeIds: [attendee] }, time: minute(1) });
    expect(await stateOf(eventId, "calendar.event.invited")).toEqual({ [attendee]: { status: "changed", action: null } });
    const eventLater = `EVT-${randomUUID()}`;
    await publish(topics, 2, {
      type: "calendar.event.updated",
      data: { ...meeting, eventId: eventLater, attendeeIds: [attendee] },
      time: minute(3),
    });
    await publish(topics, 1, {
      type: "calendar.event.invited",
      data: { ...meeting, eventId: eventLater, inviteeIds: [attendee] },
      time: minute(4),
    });
    expect(await stateOf(eventLater, "calendar.event.invited")).toEqual({ [attendee]: { status: "active", action: null } });
  });

  it("a duplicate update changes nothing twice", async () => {
    const [requester, approver] = await people();
    const doc = `DOC-${randomUUID()}`;
    await publish(topics, 0, approvalRequest(doc, requester, [approver], minute(0)));
    const approved = { ...decision("approval.approved", doc, approver, requester, minute(1)), id: randomUUID() };
    await publish(topics, 0, approved);
    const before = await db().user.findUniqueOrThrow({ where: { id: approver }, select: { notificationSeq: true } });
    await publish(topics, 0, approved);
    await publish(topics, 0, completed(doc, approver, requester, "approved", minute(2)));
    const after = await db().user.findUniqueOrThrow({ where: { id: approver }, select: { notificationSeq: true } });
    expect(after.notificationSeq).toBe(before.notificationSeq);
    expect(await db().notificationUpdate.count({ where: { userId: approver } })).toBe(1);
  });

  it("two workers on one thread's events in different partitions end with every request settled", async () => {
    const second = await startTestWorker(db(), topics, groupId);
    try {
      const [requester, ...approvers] = await people();
      const docs = Array.from({ length: 60 }, () => `DOC-${randomUUID()}`);
      // Each document's request and completion on different partitions, so either may be stored first.
      await sendRaw(
        topics.approval,
        docs.flatMap((doc, i) => [
          message(approvalRequest(doc, requester, approvers, minute(0)), i % 3),
          message(completed(doc, approvers[0], requester, "approved", minute(1)), (i + 1) % 3),
        ]),
      );
      await eventually(async () => ((await db().event.count({ where: { subject: { in: docs } } })) === docs.length * 2 ? true : null));
      const open = await db().notification.count({
        where: { thread: { in: docs.map((d) => `groupware/approval|${d}`) }, status: "active", type: "approval.requested" },
      });
      expect(open).toBe(0);
      const settled = await db().notification.count({
        where: { thread: { in: docs.map((d) => `groupware/approval|${d}`) }, status: "resolved" },
      });
      expect(settled).toBe(docs.length * approvers.length);
    } finally {
      await second.close();
    }
  });
});

type Options = PublishOptions<EventType>;

/** Four new people of the department (a test uses as many as it needs). */
async function people(departmentId = "D01"): Promise<[string, string, string, string]> {
  const make = async () => (await person("ko", { departmentId })).id;
  return Promise.all([make(), make(), make(), make()]);
}

function query(options: { thread?: string }) {
  return { limit: 100, filter: "all" as const, view: "list" as const, ...options };
}

function approvalRequest(documentId: string, requester: string, approverIds: string[], time: string): Options {
  return {
    type: "approval.requested",
    data: { documentId, documentTitle: "출장 경비", requester: { id: requester, name: requester }, approverIds },
    time,
  };
}

function decision(
  type: "approval.approved" | "approval.rejected",
  documentId: string,
  approver: string,
  requesterId: string,
  time: string,
): Options {
  return { type, data: { documentId, documentTitle: "출장 경비", approver: { id: approver, name: approver }, requesterId }, time };
}

function completed(documentId: string, decider: string, requesterId: string, outcome: "approved" | "rejected", time: string): Options {
  return {
    type: "approval.completed",
    data: { documentId, documentTitle: "출장 경비", outcome, decidedBy: { id: decider, name: decider }, requesterId },
    time,
  };
}

function withdrawn(documentId: string, requester: string, approverIds: string[], time: string): Options {
  return {
    type: "approval.withdrawn",
    data: { documentId, documentTitle: "출장 경비", requester: { id: requester, name: requester }, approverIds },
    time,
  };
}

function message(options: Options, partition: number) {
  const event = buildCloudEvent(options);
  return { key: event.subject ?? event.id, value: JSON.stringify(event), partition };
}

const TOPIC_OF: Record<string, keyof TestTopics> = {
  approval: "approval",
  board: "board",
  calendar: "calendar",
  reservation: "reservation",
};

/** Publishes one event on its service's test topic (to a given partition) and waits until it is stored. */
async function publish(topics: TestTopics, partition: number, options: Options & { id?: string }): Promise<void> {
  const event = buildCloudEvent(options);
  const topic = topics[TOPIC_OF[options.type.split(".")[0]!]!] as string;
  await sendRaw(topic, [{ key: event.subject ?? event.id, value: JSON.stringify(event), partition }]);
  await eventually(async () => ((await db().event.findFirst({ where: { source: event.source, eventId: event.id } })) ? true : null));
}

interface State {
  status: string;
  action: { status: string; outcome: string | null; by: string | null } | null;
}

/** Each recipient's notification of that type about the item: its status and action. */
async function stateOf(subject: string, type: EventType): Promise<Record<string, State>> {
  const rows = await db().notification.findMany({
    where: { type, event: { subject } },
    orderBy: { userId: "asc" },
    select: { userId: true, status: true, action: true },
  });
  return Object.fromEntries(
    rows.map((row) => {
      const action = row.action as { status: string; outcome: string | null; by: { id: string } | null } | null;
      return [
        row.userId,
        { status: row.status, action: action && { status: action.status, outcome: action.outcome, by: action.by?.id ?? null } },
      ];
    }),
  );
}
