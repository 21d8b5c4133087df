import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db/prisma";
import type { EventType } from "@/lib/events/catalog";
import type { PublishOptions } from "@/lib/events/producer";
import { get, json, params, person, post, store, type TestPerson } from "@/test/api";
import { SseReader } from "@/test/sse-reader";
import { PUT as putPreferences } from "../me/preferences/route";
import { POST as markRead } from "./[id]/read/route";
import { POST as readAll } from "./read-all/route";
import { GET as list } from "./route";
import { GET as stream } from "./stream/route";

// Muting (PRODUCT.md §13): a muted notification is stored (admins see it) but not listed, not
// counted and not sent live; filter=muted lists them; must-read notices and approval requests
// always come through.

let me: TestPerson;
let colleague: TestPerson;
let departmentId: string;

beforeAll(async () => {
  departmentId = `DM-${randomUUID().slice(0, 8)}`;
  await db().department.create({ data: { id: departmentId, name: "홍보팀" } });
  [me, colleague] = await Promise.all([person("ko", { departmentId }), person("ko")]);
});
afterAll(disconnectDb);

async function page(query: string) {
  return json(list(get(`/api/notifications?${query}`, me), {}));
}

function events(tag: string): PublishOptions<EventType>[] {
  const author = { id: colleague.id, name: "서지민" };
  const audience = { departmentIds: [departmentId] };
  const meeting = { eventId: `EVT-${tag}`, title: "분기 리뷰", organizer: author, startsAt: "2026-12-10T14:00:00+09:00" };
  return [
    { type: "board.notice.published", data: { postId: `POST-${tag}-1`, title: "평범한 공지", author, audience } },
    { type: "board.notice.published", data: { postId: `POST-${tag}-2`, title: "필독 공지", author, audience, requiresAck: true } },
    {
      type: "board.comment.created",
      data: { postId: `POST-${tag}-3`, postTitle: "내 글", commenter: author, postAuthorId: me.id, excerpt: "댓글" },
    },
    { type: "calendar.event.invited", data: { ...meeting, inviteeIds: [me.id] } },
    { type: "calendar.event.updated", data: { ...meeting, attendeeIds: [me.id] } },
    { type: "approval.requested", data: { documentId: `DOC-${tag}`, documentTitle: "구매 요청", requester: author, approverIds: [me.id] } },
  ];
}

const typesOf = (items: { type: string; title: string }[]) => items.map((i) => `${i.type} ${i.title}`).sort();

describe("muted notifications", () => {
  it("are stored but not listed, counted or streamed; filter=muted lists them; must-read and approval requests come through", async () => {
    const saved = await putPreferences(
      new Request("http://localhost:3000/api/me/preferences", {
        method: "PUT",
        headers: { cookie: me.cookie, "content-type": "application/json" },
        body: JSON.stringify({
          muted: [{ source: "groupware/board" }, { source: "groupware/calendar", type: "calendar.event.invited" }],
          toasts: true,
          quietHours: null,
        }),
      }),
      {},
    );
    expect(saved.status).toBe(200);
    const reader = new SseReader((await stream(get("/api/notifications/stream", me), {})).body!);
    await store(events(randomUUID().slice(0, 8)));

    const streamed = [];
    for (let i = 0; i < 3; i++) streamed.push(JSON.parse((await reader.next("notification"))!.data));
    await expect(reader.next("notification", 1_500)).rejects.toThrow(/no notification/);
    await reader.close();
    const shown = [
      "approval.requested 결재 요청: 구매 요청",
      "board.notice.published 공지: 필독 공지",
      "calendar.event.updated 일정 변경: 분기 리뷰",
    ];
    expect(typesOf(streamed)).toEqual(shown);

    const all = await page("limit=50");
    expect(typesOf(all.items)).toEqual(shown);
    expect(all.unreadCount).toBe(3);
    const hidden = await page("filter=muted&limit=50");
    expect(typesOf(hidden.items)).toEqual([
      "board.comment.created 새 댓글: 내 글",
      "board.notice.published 공지: 평범한 공지",
      "calendar.event.invited 일정 초대: 분기 리뷰",
    ]);
    // Stored all the same: the admin's list has all six.
    expect(await db().notification.count({ where: { userId: me.id } })).toBe(6);

    // Read all: the shown ones; the muted ones stay as they were, out of the count.
    const newest = all.items[0].id;
    expect(await json(readAll(post("/api/notifications/read-all", me, { upTo: newest }), {}))).toMatchObject({ unreadCount: 0 });
    const stillMuted = (await page("filter=muted&limit=50")).items;
    expect(stillMuted.every((i: { readAt: string | null }) => i.readAt === null)).toBe(true);
    // Reading a muted one (from filter=muted) changes no count.
    const read = await markRead(post(`/api/notifications/${stillMuted[0].id}/read`, me), params(stillMuted[0].id));
    expect(await read.json()).toEqual({ unreadCount: 0, actionCount: 2 });
  });
});
