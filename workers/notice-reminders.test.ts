import type { ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "../lib/db/prisma";
import type { PublishOptions } from "../lib/events/producer";
import { acknowledgeNotification } from "../lib/notifications/acknowledge-notification";
import { person, store, type TestPerson } from "../test/api";
import { eventually } from "../test/eventually";
import { spawnWorker } from "../test/worker";

// The reminder at a must-read notice's ackDueAt (PRODUCT.md §12) is a durable timer: queued with
// the notice, it fires once at its time for those who have not acknowledged, whichever and however
// many worker processes run (besides the stack's own worker, two of this test's), also when the
// process holding it is killed between scheduling and firing.

const children: ChildProcess[] = [];
let author: TestPerson;
let departmentId: string;
let people: TestPerson[];

beforeAll(async () => {
  departmentId = `DT-${randomUUID().slice(0, 8)}`;
  await db().department.create({ data: { id: departmentId, name: "품질팀" } });
  author = await person("ko");
  people = await Promise.all([1, 2, 3].map(() => person("ko", { departmentId })));
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  await disconnectDb();
});

function notice(postId: string, dueInMs: number): PublishOptions<"board.notice.published"> {
  return {
    type: "board.notice.published",
    data: {
      postId,
      title: "안전 교육 이수 확인",
      author: { id: author.id, name: "하윤서" },
      audience: { departmentIds: [departmentId] },
      requiresAck: true,
      ackDueAt: new Date(Date.now() + dueInMs).toISOString(),
    },
  };
}

/** How many reminders of the post each of the test's people has. */
async function remindersOf(postId: string): Promise<Record<string, number>> {
  const rows = await db().$queryRaw<{ user_id: string; count: number }[]>`
    SELECT n.user_id, count(*)::int AS count FROM notifications n JOIN events e ON e.id = n.event_pk
    WHERE e.type = 'board.notice.reminder' AND e.subject = ${postId} GROUP BY n.user_id`;
  return Object.fromEntries(rows.map((row) => [row.user_id, row.count]));
}

async function queuedJob(postId: string): Promise<{ run_at: Date } | null> {
  const [job] = await db().$queryRaw<{ run_at: Date }[]>`
    SELECT j.run_at FROM graphile_worker.jobs j JOIN events e ON j.key = 'notice-due-reminder:' || e.id
    WHERE e.subject = ${postId} AND e.type = 'board.notice.published'`;
  return job ?? null;
}

async function acknowledgeFirst(postId: string): Promise<TestPerson> {
  const [first] = people as [TestPerson];
  const [row] = await db().$queryRaw<{ id: bigint }[]>`
    SELECT n.id FROM notifications n JOIN events e ON e.id = n.event_pk WHERE e.subject = ${postId} AND n.user_id = ${first.id}`;
  await acknowledgeNotification({ userId: first.id, id: row!.id.toString() });
  return first;
}

describe("the reminder at ackDueAt", () => {
  it("fires once, for those who have not acknowledged, with two more worker processes running", async () => {
    const groupId = `reminders-${randomUUID()}`;
    const workers = await Promise.all([spawnWorker(groupId), spawnWorker(groupId)]);
    children.push(...workers.map((w) => w.child));
    const postId = `POST-${randomUUID()}`;
    await store([notice(postId, 4_000)]);
    expect(await queuedJob(postId)).not.toBeNull();
    const acknowledged = await acknowledgeFirst(postId);
    expect(await remindersOf(postId)).toEqual({});

    const others = people.filter((p) => p.id !== acknowledged.id).map((p) => p.id);
    const expected = Object.fromEntries(others.map((id) => [id, 1]));
    await eventually(async () => (Object.keys(await remindersOf(postId)).length === others.length ? true : null), 20_000, "the reminders");
    expect(await remindersOf(postId)).toEqual(expected);
    // Three runners, one job: nobody is reminded twice, later either.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(await remindersOf(postId)).toEqual(expected);
    expect(await queuedJob(postId)).toBeNull();
    for (const w of workers) w.child.kill("SIGTERM");
  });

  it("still fires, once, when the worker process is killed between scheduling and firing", async () => {
    const groupId = `reminders-${randomUUID()}`;
    const first = await spawnWorker(groupId);
    children.push(first.child);
    const postId = `POST-${randomUUID()}`;
    await store([notice(postId, 6_000)]);
    expect(await queuedJob(postId)).not.toBeNull();
    first.child.kill("SIGKILL");
    const second = await spawnWorker(groupId);
    children.push(second.child);
    await eventually(async () => (Object.keys(await remindersOf(postId)).length === people.length ? true : null), 30_000, "the reminders");
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(await remindersOf(postId)).toEqual(Object.fromEntries(people.map((p) => [p.id, 1])));
    second.child.kill("SIGTERM");
  });
});
