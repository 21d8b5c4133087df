import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db/prisma";
import { COMMANDS } from "@/lib/events/commands";
import { get, json, notify, params, person, post, store, type TestPerson } from "@/test/api";
import { readTopic } from "@/test/kafka";
import { SseReader } from "@/test/sse-reader";
import { GET as adminEvent } from "../admin/events/[id]/route";
import { GET as adminList } from "../admin/notifications/route";
import { POST as act } from "./[id]/actions/route";
import { POST as markRead } from "./[id]/read/route";
import { POST as readAll } from "./read-all/route";
import { GET as list } from "./route";
import { GET as stream } from "./stream/route";

// Notifications that follow their item (PRODUCT.md §11), through the routes: threads, the action
// count and the To do filter, deciding from the bell, and the live notification-updated frames.

let me: TestPerson;
let colleague: TestPerson;
let requester: TestPerson;

beforeAll(async () => {
  [me, colleague, requester] = await Promise.all([person("ko"), person("en"), person("ko")]);
});
afterAll(disconnectDb);

const comment = (postId: string, excerpt: string) =>
  ({
    type: "board.comment.created",
    data: { postId, postTitle: "신규 입사자 온보딩 안내", commenter: { id: colleague.id, name: "서지민" }, postAuthorId: me.id, excerpt },
  }) as const;

const request = (documentId: string, approverIds: string[]) =>
  ({
    type: "approval.requested",
    data: { documentId, documentTitle: "출장 경비 정산", requester: { id: requester.id, name: "이서준" }, approverIds },
  }) as const;

const completed = (documentId: string, by: TestPerson, name: string) =>
  ({
    type: "approval.completed",
    data: { documentId, documentTitle: "출장 경비 정산", outcome: "approved", decidedBy: { id: by.id, name }, requesterId: requester.id },
  }) as const;

async function page(who: TestPerson, query: string) {
  return json(list(get(`/api/notifications?${query}`, who), {}));
}

async function openStream(who: TestPerson, lastEventId?: string): Promise<SseReader> {
  const headers: Record<string, string> = { cookie: who.cookie };
  if (lastEventId) headers["last-event-id"] = lastEventId;
  const response = await stream(new Request("http://localhost:3000/api/notifications/stream", { headers }), {});
  expect(response.status).toBe(200);
  return new SseReader(response.body!);
}

describe("threads", () => {
  it("shows a thread once with its count, lists it whole, and reads it whole", async () => {
    const postId = `POST-${randomUUID()}`;
    await store([comment(postId, "첫 댓글"), comment(postId, "둘째 댓글"), comment(postId, "셋째 댓글")]);
    await notify(me.id, 1, "groupware/board", "따로 온 알림");
    const threads = await page(me, "view=threads&limit=10");
    const thread = `groupware/board|${postId}`;
    expect(threads.items.slice(0, 2)).toMatchObject([
      { title: "따로 온 알림", thread: null, threadCount: 1, threadUnread: 1 },
      { thread, body: `${colleague.id}: 셋째 댓글`, threadCount: 3, threadUnread: 3 },
    ]);
    const opened = await page(me, `thread=${encodeURIComponent(thread)}`);
    // The commenter is a person the directory knows: shown by the directory's name (here their id).
    const by = colleague.id;
    expect(opened.items.map((i: { body: string }) => i.body)).toEqual([`${by}: 셋째 댓글`, `${by}: 둘째 댓글`, `${by}: 첫 댓글`]);

    const before = (await page(me, "limit=1")).unreadCount;
    const read = await readAll(post("/api/notifications/read-all", me, { thread }), {});
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual({ unreadCount: before - 3, actionCount: 0 });
    expect((await page(me, "view=threads&limit=10")).items[1]).toMatchObject({ thread, threadUnread: 0 });
  });

  it("reads no one else's thread, and says which body it wants", async () => {
    const postId = `POST-${randomUUID()}`;
    await store([comment(postId, "남의 글")]);
    const response = await readAll(post("/api/notifications/read-all", colleague, { thread: `groupware/board|${postId}` }), {});
    expect(response.status).toBe(404);
    const both = await readAll(post("/api/notifications/read-all", me, { thread: "x", upTo: "1" }), {});
    expect(both.status).toBe(400);
    expect((await both.json()).error.message).toMatch(/either upTo or thread/);
  });
});

describe("the action count and the To do filter", () => {
  it("counts pending approval requests, lists them, and stops counting one that someone else settled", async () => {
    const documentId = `DOC-${randomUUID()}`;
    const start = await page(me, "limit=1");
    await store([request(documentId, [me.id, colleague.id])]);
    const todo = await page(me, "filter=todo");
    expect(todo.actionCount).toBe(start.actionCount + 1);
    expect(todo.items[0]).toMatchObject({
      type: "approval.requested",
      thread: `groupware/approval|${documentId}`,
      status: "active",
      action: { kind: "approval", status: "pending", outcome: null, by: null, at: null },
    });
    // Reading it is not acting on it.
    const read = await json(markRead(post(`/api/notifications/${todo.items[0].id}/read`, me), params(todo.items[0].id)));
    expect(read.actionCount).toBe(start.actionCount + 1);

    await store([completed(documentId, colleague, "박도윤")]);
    const after = await page(me, "filter=todo");
    expect(after.actionCount).toBe(start.actionCount);
    expect(after.items.find((i: { id: string }) => i.id === todo.items[0].id)).toBeUndefined();
    const settled = (await page(me, `thread=${encodeURIComponent(`groupware/approval|${documentId}`)}`)).items[0];
    expect(settled).toMatchObject({
      status: "resolved",
      updatedAt: expect.stringMatching(/Z$/),
      // By the directory's name (the test's people are named by their id), not the one the event claimed.
      body: `${colleague.id}님이 이미 승인했습니다.`,
      action: { status: "done", outcome: "approved", by: { id: colleague.id, name: colleague.id }, at: expect.stringMatching(/Z$/) },
    });
  });
});

describe("POST /api/notifications/{id}/actions", () => {
  it("sends one command for a double click, shows it submitted, and refuses a request someone settled", async () => {
    const documentId = `DOC-${randomUUID()}`;
    await store([request(documentId, [me.id, colleague.id])]);
    const [mine] = (await page(me, `thread=${encodeURIComponent(`groupware/approval|${documentId}`)}`)).items;
    const body = { decision: "approve", comment: "확인했습니다" };
    const [first, second] = await Promise.all([
      act(post(`/api/notifications/${mine.id}/actions`, me, body), params(mine.id)),
      act(post(`/api/notifications/${mine.id}/actions`, me, body), params(mine.id)),
    ]);
    expect([first.status, second.status].sort()).toEqual([202, 409]);
    const accepted = first.status === 202 ? first : second;
    expect(await accepted.json()).toEqual({ action: { kind: "approval", status: "submitted", outcome: null, by: null, at: null } });
    expect((await page(me, "filter=todo")).items.find((i: { id: string }) => i.id === mine.id)).toBeUndefined();

    const commands = await readTopic(COMMANDS["approval.decision.submitted"].topic, (seen) =>
      seen.some((m) => m.value?.toString().includes(`"notificationId":"${mine.id}"`)),
    );
    const sent = commands.map((m) => JSON.parse(m.value!.toString())).filter((c) => c.data.notificationId === mine.id);
    expect(sent).toEqual([
      {
        specversion: "1.0",
        id: `notification-${mine.id}-approve`,
        source: "groupware/notifications",
        type: "approval.decision.submitted",
        time: expect.any(String),
        subject: documentId,
        datacontenttype: "application/json",
        data: { documentId, decision: "approve", comment: "확인했습니다", decidedBy: { id: me.id, name: me.id }, notificationId: mine.id },
      },
    ]);

    // The colleague was slower: the approval service has answered meanwhile.
    await store([
      {
        type: "approval.approved",
        data: { documentId, documentTitle: "출장 경비 정산", approver: { id: me.id, name: "나" }, requesterId: requester.id },
      },
    ]);
    await store([completed(documentId, me, "나")]);
    const [theirs] = (await page(colleague, `thread=${encodeURIComponent(`groupware/approval|${documentId}`)}`)).items;
    const late = await act(post(`/api/notifications/${theirs.id}/actions`, colleague, { decision: "reject" }), params(theirs.id));
    expect(late.status).toBe(409);
    expect((await late.json()).error.message).toBe(`Already approved by ${me.id}.`);
    // In the reader's language, and to the one who decided, as theirs.
    const again = await act(post(`/api/notifications/${mine.id}/actions`, me, { decision: "reject" }), params(mine.id));
    expect(again.status).toBe(409);
    expect((await again.json()).error.message).toBe("이미 승인했습니다.");
  });

  it("answers 404 for anyone else's notification and 400 for one that asks nothing or a bad body", async () => {
    const documentId = `DOC-${randomUUID()}`;
    await store([request(documentId, [me.id])]);
    const [mine] = (await page(me, `thread=${encodeURIComponent(`groupware/approval|${documentId}`)}`)).items;
    expect((await act(post(`/api/notifications/${mine.id}/actions`, colleague, { decision: "approve" }), params(mine.id))).status).toBe(
      404,
    );
    expect((await act(post("/api/notifications/abc/actions", me, { decision: "approve" }), params("abc"))).status).toBe(404);
    await notify(me.id, 1, "groupware/board", "결정할 것 없음");
    const [plain] = (await page(me, "limit=1")).items;
    const none = await act(post(`/api/notifications/${plain.id}/actions`, me, { decision: "approve" }), params(plain.id));
    expect(none.status).toBe(400);
    expect((await none.json()).error.message).toMatch(/asks for no decision/);
    for (const [bad, field] of [
      [{ decision: "maybe" }, /decision/],
      [{ decision: "reject", comment: "x".repeat(1001) }, /comment/],
      [{ decision: "approve", extra: 1 }, /extra|Unrecognized/],
    ] as const) {
      const response = await act(post(`/api/notifications/${mine.id}/actions`, me, bad), params(mine.id));
      expect(response.status).toBe(400);
      expect((await response.json()).error.message).toMatch(field);
    }
    expect((await page(me, "filter=todo")).items.some((i: { id: string }) => i.id === mine.id)).toBe(true);
  });
});

describe("notification-updated on the live stream", () => {
  it("sends the changed item with the action count live, and replays it after Last-Event-ID without the original", async () => {
    const reader = await openStream(me);
    const documentId = `DOC-${randomUUID()}`;
    await store([request(documentId, [me.id, colleague.id])]);
    const created = await reader.next("notification");
    const item = JSON.parse(created!.data);
    expect(item).toMatchObject({ type: "approval.requested", status: "active", actionCount: expect.any(Number) });
    const pending = item.actionCount;

    await store([completed(documentId, colleague, "박도윤")]);
    const updated = await reader.next("notification-updated");
    expect(JSON.parse(updated!.data)).toMatchObject({
      id: item.id,
      status: "resolved",
      body: `${colleague.id}님이 이미 승인했습니다.`,
      actionCount: pending - 1,
    });
    expect(Number(updated!.id!.split(".")[0])).toBeGreaterThan(Number(created!.id!.split(".")[0]));
    await reader.close();

    // Missed while away: an invitation's change. The replay has the update, not the invitation again.
    const eventId = `EVT-${randomUUID()}`;
    const meeting = { eventId, title: "로드맵 리뷰", organizer: { id: colleague.id, name: "한수아" } };
    const away = await openStream(me);
    await store([{ type: "calendar.event.invited", data: { ...meeting, startsAt: "2026-12-03T14:00:00+09:00", inviteeIds: [me.id] } }]);
    const invitation = await away.next("notification");
    await away.close();
    await store([
      { type: "calendar.event.updated", data: { ...meeting, startsAt: "2026-12-03T16:00:00+09:00", attendeeIds: [colleague.id] } },
    ]);
    const back = await openStream(me, invitation!.id!);
    const replayed = await back.next();
    expect(replayed?.event).toBe("notification-updated");
    expect(JSON.parse(replayed!.data)).toMatchObject({
      id: JSON.parse(invitation!.data).id,
      status: "changed",
      body: "변경됨: 2026년 12월 3일 16:00 시작",
    });
    await back.close();
  });
});

describe("the admin's event page", () => {
  it("shows the thread's events in order and each recipient's status now", async () => {
    const admin = await person("en", { role: "ADMIN" });
    const documentId = `DOC-${randomUUID()}`;
    await store([request(documentId, [me.id, colleague.id])]);
    await store([completed(documentId, colleague, "박도윤")]);
    const events = await db().event.findMany({ where: { subject: documentId }, orderBy: { id: "asc" } });
    const answer = await json(adminEvent(get(`/api/admin/events/${events[0]!.id}`, admin), params(events[0]!.id.toString())));
    expect(answer.thread).toMatchObject({
      key: `groupware/approval|${documentId}`,
      events: [
        { id: events[0]!.id.toString(), type: "approval.requested", recipients: 2 },
        { id: events[1]!.id.toString(), type: "approval.completed", recipients: 1 },
      ],
    });
    const statuses = Object.fromEntries(
      answer.recipients.map((r: { recipient: { id: string }; status: string; action: { outcome: string } }) => [
        r.recipient.id,
        [r.status, r.action.outcome],
      ]),
    );
    expect(statuses).toEqual({ [me.id]: ["resolved", "approved"], [colleague.id]: ["resolved", "approved"] });
  });
});

describe("text PostgreSQL cannot hold, from the query string or the body", () => {
  it.each([
    ["thread=a%00b", /thread: must not contain U\+0000/],
    ["thread=%00", /thread: must not contain U\+0000/],
    ["source=groupware%00", /source: must not contain U\+0000/],
  ])("GET /api/notifications?%s is a 400 naming the field", async (query, message) => {
    const response = await list(get(`/api/notifications?${query}`, me), {});
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toMatch(message);
  });

  it.each([["a\u0000b"], ["\ud800"]])("read-all of the thread %j is a 400 naming the field", async (thread) => {
    const response = await readAll(post("/api/notifications/read-all", me, { thread }), {});
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toMatch(/^thread: must not contain/);
  });

  it("an admin filter with U+0000 is a 400 naming the field", async () => {
    const admin = await person("en", { role: "ADMIN" });
    const response = await adminList(get("/api/admin/notifications?recipientId=E%00", admin), {});
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toMatch(/^recipientId: must not contain U\+0000/);
  });
});
