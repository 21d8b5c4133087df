import { randomUUID } from "node:crypto";
import type { Runner } from "graphile-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db/prisma";
import { startTimers } from "@/lib/timers/start-timers";
import { get, json, notify, params, person, post, store, type TestPerson } from "@/test/api";
import { eventually } from "@/test/eventually";
import { SseReader } from "@/test/sse-reader";
import { POST as snooze } from "./[id]/snooze/route";
import { GET as list } from "./route";
import { GET as stream } from "./stream/route";

// Snooze (PRODUCT.md §13) through the routes and the durable timers a worker runs
// (graphile-worker, started here as the worker starts it), which bring the notification back. A
// test cannot wait an hour: it moves the snooze's time and its job's run_at to now, as if the hour
// had passed.

let me: TestPerson;
let colleague: TestPerson;
let departmentId: string;
let timers: Runner;

beforeAll(async () => {
  timers = await startTimers({ databaseUrl: process.env.DATABASE_URL!, pollIntervalMs: 500 });
  departmentId = `D-${randomUUID().slice(0, 8)}`;
  await db().department.create({ data: { id: departmentId, name: "미루기팀" } });
  [me, colleague] = await Promise.all([person("ko", { departmentId }), person("en")]);
});
afterAll(async () => {
  await timers.stop();
  await disconnectDb();
});

const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

async function page(who: TestPerson, query = "limit=50") {
  return json(list(get(`/api/notifications?${query}`, who), {}));
}

function snoozeAs(who: TestPerson, id: string, body: unknown) {
  return snooze(post(`/api/notifications/${id}/snooze`, who, body), params(id));
}

/** One frame of each kind (they come from two channels, in either order), by kind. */
async function framesOf(reader: SseReader, kinds: string[]): Promise<Map<string, unknown>> {
  const frames = new Map<string, unknown>();
  while (frames.size < kinds.length) {
    const frame = await reader.next(undefined, 15_000);
    if (!frame) throw new Error("the stream ended");
    if (kinds.includes(frame.event)) frames.set(frame.event, JSON.parse(frame.data));
  }
  return frames;
}

interface Job {
  attempts: number;
  last_error: string | null;
}

/** The notification's timer job, while it is queued. */
async function jobOf(id: string): Promise<Job | null> {
  const [job] = await db().$queryRaw<Job[]>`
    SELECT attempts, last_error FROM graphile_worker.jobs WHERE key = ${`notification-unsnooze:${id}`}`;
  return job ?? null;
}

/** The hour has passed: the snooze ends now, and its job is due; it runs and is gone. */
async function timePasses(id: string): Promise<void> {
  expect(await jobOf(id)).toMatchObject({ attempts: 0 });
  await db().$executeRaw`UPDATE notifications SET snoozed_until = now() WHERE id = ${id}::bigint`;
  await db().$executeRaw`
    SELECT graphile_worker.reschedule_jobs(ARRAY(SELECT id FROM graphile_worker.jobs WHERE key = ${`notification-unsnooze:${id}`}),
                                           run_at := now())`;
  let last: Job | null = null;
  await eventually(
    async () => {
      last = await jobOf(id);
      return last === null ? true : null;
    },
    15_000,
    "the snooze's job done",
  ).catch((error: Error) => {
    throw new Error(`${error.message}: ${JSON.stringify(last)}`);
  });
}

describe("snooze", () => {
  it("takes the notification out of the lists and counts in every tab, and brings it back unread at the top, live, once", async () => {
    const [older] = await notify(me.id, 1, "groupware/board", `미룰 알림 ${randomUUID()}`);
    await notify(me.id, 1, "groupware/board", `나중 알림 ${randomUUID()}`);
    const before = await page(me);
    const item = before.items.find((i: { title: string }) => i.title === older);
    expect(before.items[0].id).not.toBe(item.id);

    const reader = new SseReader((await stream(get("/api/notifications/stream", me), {})).body!);
    const answer = await snoozeAs(me, item.id, { until: inAnHour() });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ unreadCount: before.unreadCount - 1, actionCount: before.actionCount });
    const away = await framesOf(reader, ["read-state", "notification-updated"]);
    expect(away.get("read-state")).toMatchObject({ ids: [item.id], unreadCount: before.unreadCount - 1 });
    expect(away.get("notification-updated")).toMatchObject({ id: item.id, snoozedUntil: expect.any(String) });
    const snoozed = await page(me);
    expect(snoozed.items.map((i: { id: string }) => i.id)).not.toContain(item.id);
    expect(snoozed.unreadCount).toBe(before.unreadCount - 1);

    // Read while snoozed, it still comes back unread.
    await db().notification.update({ where: { id: BigInt(item.id) }, data: { readAt: new Date() } });
    await timePasses(item.id);
    const back = await framesOf(reader, ["read-state", "notification-updated"]);
    expect(back.get("notification-updated")).toMatchObject({
      id: item.id,
      readAt: null,
      snoozedUntil: null,
      unsnoozedAt: expect.any(String),
    });
    expect(back.get("read-state")).toMatchObject({ ids: [item.id], read: false, unreadCount: before.unreadCount });
    const after = await page(me);
    expect(after.items[0]).toMatchObject({ id: item.id, readAt: null });
    expect(after.unreadCount).toBe(before.unreadCount);

    // Once: its job is done and gone (timePasses), and nothing more comes for it.
    await expect(reader.next("notification-updated", 3_000)).rejects.toThrow(/no notification-updated/);
    await reader.close();
  });

  it("takes a pending approval request out of the action count until it comes back", async () => {
    const documentId = `DOC-${randomUUID()}`;
    await store([
      {
        type: "approval.requested",
        data: { documentId, documentTitle: "출장비 정산", requester: { id: colleague.id, name: "요청자" }, approverIds: [me.id] },
      },
    ]);
    const before = await page(me);
    const request = before.items.find((i: { thread: string }) => i.thread === `groupware/approval|${documentId}`);
    expect(request.action).toMatchObject({ status: "pending" });

    expect(await json(snoozeAs(me, request.id, { until: inAnHour() }))).toMatchObject({ actionCount: before.actionCount - 1 });
    expect((await page(me, "filter=todo")).items.map((i: { id: string }) => i.id)).not.toContain(request.id);

    await timePasses(request.id);
    for (let waited = 0; (await page(me)).actionCount !== before.actionCount; waited += 250) {
      if (waited > 15_000) throw new Error("the request did not come back");
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect((await page(me, "filter=todo")).items.map((i: { id: string }) => i.id)).toContain(request.id);
  });

  it("refuses a bad time with a 400 naming it, another person's notification with a 404, a must-read notice with a 400", async () => {
    const [title] = await notify(me.id, 1, "groupware/board", `알림 ${randomUUID()}`);
    const item = (await page(me)).items.find((i: { title: string }) => i.title === title);
    const bad: [unknown, RegExp][] = [
      [{}, /until/],
      [{ until: "tomorrow" }, /until.*ISO 8601/],
      [{ until: "2026-12-03T09:00:00" }, /until.*offset/],
      [{ until: new Date(Date.now() + 20_000).toISOString() }, /until.*1 minute/],
      [{ until: new Date(Date.now() + 31 * 24 * 3_600_000).toISOString() }, /until.*30 days/],
      [{ until: inAnHour(), extra: 1 }, /extra/],
      [[inAnHour()], /./],
    ];
    for (const [body, message] of bad) {
      const response = await snoozeAs(me, item.id, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect((await response.json()).error.message).toMatch(message);
    }
    expect((await page(me)).items.map((i: { id: string }) => i.id)).toContain(item.id);

    const stolen = await snoozeAs(colleague, item.id, { until: inAnHour() });
    expect(stolen.status).toBe(404);
    expect((await snoozeAs(me, "nope", { until: inAnHour() })).status).toBe(404);
    expect((await page(me)).items.map((i: { id: string }) => i.id)).toContain(item.id);

    const postId = `POST-${randomUUID()}`;
    await store([
      {
        type: "board.notice.published",
        data: {
          postId,
          title: "필독 공지",
          author: { id: colleague.id, name: "작성자" },
          audience: { departmentIds: [departmentId] },
          requiresAck: true,
        },
      },
    ]);
    const notice = (await page(me)).pinned.find((i: { thread: string }) => i.thread === `groupware/board|${postId}`);
    const refused = await snoozeAs(me, notice.id, { until: inAnHour() });
    expect(refused.status).toBe(400);
    expect((await refused.json()).error.message).toMatch(/acknowledged/);
  });
});
