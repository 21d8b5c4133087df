import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db/prisma";
import type { PublishOptions } from "@/lib/events/producer";
import { get, json, params, person, post, store, type TestPerson } from "@/test/api";
import { POST as ack } from "../../notifications/[id]/ack/route";
import { GET as list } from "../../notifications/route";
import { POST as remind } from "./[postId]/remind/route";

// POST /api/admin/notices/{postId}/remind (PRODUCT.md §12): a board.notice.reminder to exactly
// those who have not acknowledged, as a notification like any other (in their bell and counts).

let admin: TestPerson;
let people: TestPerson[];
let departmentId: string;

const postParams = (postId: string) => ({ params: Promise.resolve({ postId }) });

beforeAll(async () => {
  departmentId = `DR-${randomUUID().slice(0, 8)}`;
  await db().department.create({ data: { id: departmentId, name: "법무팀" } });
  admin = await person("ko", { role: "ADMIN" });
  people = await Promise.all([1, 2, 3].map(() => person("ko", { departmentId })));
});
afterAll(disconnectDb);

const notice = (postId: string): PublishOptions<"board.notice.published"> => ({
  type: "board.notice.published",
  data: {
    postId,
    title: "윤리 강령 서약",
    author: { id: admin.id, name: "관리자" },
    audience: { departmentIds: [departmentId] },
    requiresAck: true,
    ackDueAt: "2030-01-15T18:00:00+09:00",
  },
});

async function itemsOf(who: TestPerson) {
  return (await json(list(get("/api/notifications?limit=50", who), {}))).items as {
    id: string;
    type: string;
    thread: string;
    title: string;
    body: string;
  }[];
}

describe("remind", () => {
  it("notifies exactly the people who have not acknowledged, each once per reminder", async () => {
    const postId = `POST-${randomUUID()}`;
    await store([notice(postId)]);
    const [done, waiting, other] = people as [TestPerson, TestPerson, TestPerson];
    const noticeOf = async (who: TestPerson) =>
      (await itemsOf(who)).find((i) => i.type === "board.notice.published" && i.thread.endsWith(postId))!;
    const id = (await noticeOf(done)).id;
    expect((await ack(post(`/api/notifications/${id}/ack`, done), params(id))).status).toBe(200);

    const response = await remind(post(`/api/admin/notices/${postId}/remind`, admin), postParams(postId));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ reminded: 2 });
    const reminders = async (who: TestPerson) =>
      (await itemsOf(who)).filter((i) => i.type === "board.notice.reminder" && i.thread.endsWith(postId));
    expect(await reminders(done)).toEqual([]);
    for (const who of [waiting, other]) {
      const [reminder, ...more] = await reminders(who);
      expect(more).toEqual([]);
      expect(reminder).toMatchObject({ title: "[확인 요청] 공지: 윤리 강령 서약", body: "2030. 1. 15. 오후 6:00까지 읽고 확인해 주세요." });
    }

    // A second reminder after another acknowledgement: only the last one left.
    const otherNotice = (await noticeOf(other)).id;
    await ack(post(`/api/notifications/${otherNotice}/ack`, other), params(otherNotice));
    expect(await json(remind(post(`/api/admin/notices/${postId}/remind`, admin), postParams(postId)))).toEqual({ reminded: 1 });
    expect(await reminders(waiting)).toHaveLength(2);
    expect(await reminders(other)).toHaveLength(1);
  });

  it("is for admins only, and 404 for a post without a notice", async () => {
    const postId = `POST-${randomUUID()}`;
    await store([notice(postId)]);
    expect((await remind(post(`/api/admin/notices/${postId}/remind`, people[0]!), postParams(postId))).status).toBe(403);
    const missing = `POST-${randomUUID()}`;
    expect((await remind(post(`/api/admin/notices/${missing}/remind`, admin), postParams(missing))).status).toBe(404);
    expect(
      await itemsOf(people[0]!).then((items) => items.filter((i) => i.type === "board.notice.reminder" && i.thread.endsWith(postId))),
    ).toEqual([]);
  });
});
