import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db/prisma";
import type { PublishOptions } from "@/lib/events/producer";
import { get, json, params, person, post, store, type TestPerson } from "@/test/api";
import { SseReader } from "@/test/sse-reader";
import { POST as ack } from "../../notifications/[id]/ack/route";
import { POST as markRead } from "../../notifications/[id]/read/route";
import { POST as markUnread } from "../../notifications/[id]/unread/route";
import { POST as readAll } from "../../notifications/read-all/route";
import { GET as list } from "../../notifications/route";
import { GET as exportPending } from "./[postId]/export/route";
import { GET as receipts } from "./[postId]/route";
import { GET as receiptStream } from "./[postId]/stream/route";

// The receipts of a must-read notice (PRODUCT.md §12): per department and pending, exact after
// acknowledgements from several people; the CSV of the pending; live on the admin's stream.

let admin: TestPerson;
let author: TestPerson;
let first: string;
let second: string;
let firstPeople: TestPerson[];
let secondPeople: TestPerson[];

const postParams = (postId: string) => ({ params: Promise.resolve({ postId }) });

beforeAll(async () => {
  const tag = randomUUID().slice(0, 6);
  [first, second] = [`DA-${tag}`, `DB-${tag}`];
  await db().department.createMany({
    data: [
      { id: first, name: "인사팀" },
      { id: second, name: "재무팀" },
    ],
  });
  admin = await person("ko", { role: "ADMIN" });
  author = await person("ko");
  firstPeople = await Promise.all([1, 2, 3].map(() => person("ko", { departmentId: first })));
  secondPeople = await Promise.all([1, 2].map(() => person("en", { departmentId: second })));
});
afterAll(disconnectDb);

const notice = (postId: string): PublishOptions<"board.notice.published"> => ({
  type: "board.notice.published",
  data: {
    postId,
    title: "개인정보 보호 서약",
    author: { id: author.id, name: "하윤서" },
    audience: { departmentIds: [first, second] },
    requiresAck: true,
  },
});

async function noticeItemOf(who: TestPerson, postId: string): Promise<{ id: string }> {
  const page = await json(list(get("/api/notifications?limit=50", who), {}));
  return page.items.find((i: { thread: string }) => i.thread === `groupware/board|${postId}`);
}

async function acknowledge(who: TestPerson, postId: string) {
  const { id } = await noticeItemOf(who, postId);
  expect((await ack(post(`/api/notifications/${id}/ack`, who), params(id))).status).toBe(200);
}

describe("notice receipts", () => {
  it("counts read and acknowledged per department and lists exactly the pending, also as CSV", async () => {
    const postId = `POST-${randomUUID()}`;
    await store([notice(postId)]);
    const [a1, a2, a3] = firstPeople as [TestPerson, TestPerson, TestPerson];
    const [b1, b2] = secondPeople as [TestPerson, TestPerson];
    await acknowledge(a1, postId);
    await acknowledge(a1, postId);
    await acknowledge(b1, postId);
    const { id: readOnly } = await noticeItemOf(a2, postId);
    await markRead(post(`/api/notifications/${readOnly}/read`, a2), params(readOnly));

    const response = await receipts(get(`/api/admin/notices/${postId}`, admin), postParams(postId));
    expect(response.status).toBe(200);
    const body = await response.json();
    const sorted = (people: TestPerson[]) => people.map((p) => p.id).sort();
    expect(body).toEqual({
      postId,
      title: "개인정보 보호 서약",
      total: 5,
      read: 3,
      acknowledged: 2,
      byDepartment: [
        { departmentId: first, name: "인사팀", total: 3, read: 2, acknowledged: 1 },
        { departmentId: second, name: "재무팀", total: 2, read: 1, acknowledged: 1 },
      ],
      pending: [...sorted([a2, a3]).map((id) => ({ id, name: id, departmentId: first })), { id: b2.id, name: b2.id, departmentId: second }],
    });

    const csv = await exportPending(get(`/api/admin/notices/${postId}/export`, admin), postParams(postId));
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    const lines = (await csv.text())
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines[0]).toBe("id,name,department_id,read_at");
    expect(lines.slice(1).map((line) => line.split(",")[0])).toEqual([...sorted([a2, a3]), b2.id]);
  });

  it("counts a recipient in the department the notice found them in, after they move", async () => {
    const tag = randomUUID().slice(0, 6);
    const [from, to] = [`DM-${tag}`, `DN-${tag}`];
    await db().department.createMany({
      data: [
        { id: from, name: "영업팀" },
        { id: to, name: "기획팀" },
      ],
    });
    const mover = await person("ko", { departmentId: from });
    const stays = await person("ko", { departmentId: from });
    const postId = `POST-${randomUUID()}`;
    await store([{ ...notice(postId), data: { ...notice(postId).data, audience: { departmentIds: [from] } } }]);
    await db().user.update({ where: { id: mover.id }, data: { departmentId: to } });
    await acknowledge(mover, postId);

    const body = await json(receipts(get(`/api/admin/notices/${postId}`, admin), postParams(postId)));
    expect(body.byDepartment).toEqual([{ departmentId: from, name: "영업팀", total: 2, read: 1, acknowledged: 1 }]);
    expect(body.pending).toEqual([{ id: stays.id, name: stays.id, departmentId: from }]);

    // Read, unread and read again by read-all: the counts follow each change, once.
    const { id: item } = await noticeItemOf(stays, postId);
    await markRead(post(`/api/notifications/${item}/read`, stays), params(item));
    await markUnread(post(`/api/notifications/${item}/unread`, stays), params(item));
    expect((await json(receipts(get(`/api/admin/notices/${postId}`, admin), postParams(postId)))).read).toBe(1);
    const thread = `groupware/board|${postId}`;
    expect((await readAll(post("/api/notifications/read-all", stays, { thread }), {})).status).toBe(200);
    expect((await readAll(post("/api/notifications/read-all", stays, { thread }), {})).status).toBe(200);
    expect((await json(receipts(get(`/api/admin/notices/${postId}`, admin), postParams(postId)))).read).toBe(2);
  });

  it("is for admins only, and 404 for a post without a notice", async () => {
    const postId = `POST-${randomUUID()}`;
    await store([notice(postId)]);
    const employee = firstPeople[0]!;
    expect((await receipts(get(`/api/admin/notices/${postId}`, employee), postParams(postId))).status).toBe(403);
    expect((await exportPending(get(`/api/admin/notices/${postId}/export`, employee), postParams(postId))).status).toBe(403);
    const missing = await receipts(get("/api/admin/notices/POST-none", admin), postParams(`POST-${randomUUID()}`));
    expect(missing.status).toBe(404);
    const exported = await exportPending(get("/api/admin/notices/POST-none/export", admin), postParams(`POST-${randomUUID()}`));
    expect(exported.status).toBe(404);
    const bad = await receipts(get("/api/admin/notices/x", admin), postParams("a\u0000b"));
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain("postId");
  });

  it("tells the receipt page's stream when someone acknowledges, and not for another notice", async () => {
    const postId = `POST-${randomUUID()}`;
    const other = `POST-${randomUUID()}`;
    await store([notice(postId), notice(other)]);
    const response = await receiptStream(get(`/api/admin/notices/${postId}/stream`, admin), postParams(postId));
    expect(response.status).toBe(200);
    const reader = new SseReader(response.body!);
    await acknowledge(secondPeople[1]!, other);
    await acknowledge(secondPeople[0]!, postId);
    const frame = await reader.next("receipts");
    expect(JSON.parse(frame!.data)).toEqual({ postId });
    await expect(reader.next("receipts", 1_500)).rejects.toThrow(/no receipts/);
    await reader.close();
  });
});
