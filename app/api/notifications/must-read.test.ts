import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db/prisma";
import type { PublishOptions } from "@/lib/events/producer";
import { get, json, params, person, post, store, type TestPerson } from "@/test/api";
import { SseReader } from "@/test/sse-reader";
import { POST as ack } from "./[id]/ack/route";
import { GET as list } from "./route";
import { GET as stream } from "./stream/route";

// Must-read notices (PRODUCT.md §12) through the routes: the item's ack, the pinned notices of the
// first page, the action count, and POST /api/notifications/{id}/ack.

let me: TestPerson;
let colleague: TestPerson;
let author: TestPerson;
let departmentId: string;

beforeAll(async () => {
  departmentId = `D-${randomUUID().slice(0, 8)}`;
  await db().department.create({ data: { id: departmentId, name: "총무팀" } });
  [me, colleague, author] = await Promise.all([person("ko", { departmentId }), person("en", { departmentId }), person("ko")]);
});
afterAll(disconnectDb);

const notice = (postId: string, extra: { requiresAck?: boolean; ackDueAt?: string } = {}): PublishOptions<"board.notice.published"> => ({
  type: "board.notice.published",
  data: {
    postId,
    title: "보안 서약서 제출",
    author: { id: author.id, name: "하윤서" },
    audience: { departmentIds: [departmentId] },
    ...extra,
  },
});

async function page(who: TestPerson, query = "limit=20") {
  return json(list(get(`/api/notifications?${query}`, who), {}));
}

async function acknowledge(who: TestPerson, id: string) {
  return ack(post(`/api/notifications/${id}/ack`, who), params(id));
}

describe("must-read notices", () => {
  it("carry ack, are pinned and counted as an action until acknowledged; the acknowledgement reads them, once", async () => {
    const postId = `POST-${randomUUID()}`;
    await store([notice(postId, { requiresAck: true, ackDueAt: "2026-12-10T18:00:00+09:00" })]);
    const before = await page(me);
    const item = before.items.find((i: { thread: string }) => i.thread === `groupware/board|${postId}`);
    expect(item).toMatchObject({ readAt: null, ack: { required: true, dueAt: "2026-12-10T09:00:00.000Z", at: null } });
    expect(before.pinned.map((i: { id: string }) => i.id)).toContain(item.id);
    expect(before.actionCount).toBe(1);
    expect((await page(me, "filter=todo")).items.map((i: { id: string }) => i.id)).toEqual([item.id]);

    const first = await acknowledge(me, item.id);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ unreadCount: before.unreadCount - 1, actionCount: 0 });
    const acked = (await page(me)).items.find((i: { id: string }) => i.id === item.id);
    expect(acked.readAt).not.toBeNull();
    expect(acked.ack.at).not.toBeNull();

    const second = await acknowledge(me, item.id);
    expect(second.status).toBe(200);
    expect(await second.json()).toEqual({ unreadCount: before.unreadCount - 1, actionCount: 0 });
    const after = await page(me);
    expect(after.items.find((i: { id: string }) => i.id === item.id).ack.at).toBe(acked.ack.at);
    expect(after.pinned.map((i: { id: string }) => i.id)).not.toContain(item.id);
    expect((await page(me, "filter=todo")).items).toEqual([]);

    // The colleague's copy is untouched: still pinned and counted.
    const theirs = await page(colleague);
    expect(theirs.actionCount).toBe(1);
    expect(theirs.pinned).toHaveLength(1);
  });

  it("is 404 for another person's notification or no id, 400 for one that needs no acknowledgement", async () => {
    const mustRead = `POST-${randomUUID()}`;
    const plain = `POST-${randomUUID()}`;
    await store([notice(mustRead, { requiresAck: true }), notice(plain)]);
    const mine = (await page(me)).items;
    const mustReadItem = mine.find((i: { thread: string }) => i.thread === `groupware/board|${mustRead}`);
    const plainItem = mine.find((i: { thread: string }) => i.thread === `groupware/board|${plain}`);
    expect(mustReadItem.ack).toMatchObject({ required: true, dueAt: null, at: null });
    expect(plainItem.ack).toBeNull();

    const stolen = await acknowledge(colleague, mustReadItem.id);
    expect(stolen.status).toBe(404);
    expect((await stolen.json()).error.code).toBe("not_found");
    expect((await page(me)).items.find((i: { id: string }) => i.id === mustReadItem.id).ack.at).toBeNull();
    expect((await acknowledge(me, "not-an-id")).status).toBe(404);

    const needless = await acknowledge(me, plainItem.id);
    expect(needless.status).toBe(400);
    expect((await needless.json()).error.message).toMatch(/acknowledg/);
    expect((await page(me)).items.find((i: { id: string }) => i.id === plainItem.id).readAt).toBeNull();
  });

  it("tells the person's other streams: the item again, acknowledged, and the counts", async () => {
    const postId = `POST-${randomUUID()}`;
    const reader = new SseReader((await stream(get("/api/notifications/stream", colleague), {})).body!);
    await store([notice(postId, { requiresAck: true })]);
    const created = JSON.parse((await reader.next("notification"))!.data);
    expect(created).toMatchObject({ ack: { required: true, at: null } });
    const actions = created.actionCount;

    await acknowledge(colleague, created.id);
    const readState = JSON.parse((await reader.next("read-state"))!.data);
    expect(readState).toMatchObject({ ids: [created.id], read: true, actionCount: actions - 1 });
    const updated = JSON.parse((await reader.next("notification-updated"))!.data);
    expect(updated).toMatchObject({ id: created.id, ack: { required: true, at: expect.any(String) }, actionCount: actions - 1 });
    expect(updated.readAt).not.toBeNull();
    await reader.close();
  });
});
