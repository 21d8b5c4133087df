import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "../lib/db/prisma";
import { requireSetting } from "../lib/env";
import { buildCloudEvent } from "../lib/events/producer";
import { eventually } from "../test/eventually";
import { sendRaw } from "../test/kafka";
import { startTestWorker, uniqueTopics } from "../test/worker";
import { STORES_AT_ONCE, type WorkerRuntime } from "./runtime";

// A database that answers slowly must not get more of the worker's transactions at once: batches
// that wait past the detach time (workers/detached-batches.ts) wait for one of the worker's three
// write slots, instead of each opening a transaction of its own on a database already behind.
// The database is made slow by holding every thread lock the write path takes (pg_advisory_xact_lock
// on key 1700 and a bucket, in store_notification_batch) from another session.
const THREAD_LOCKS = "SELECT pg_advisory_lock(1700, bucket) FROM generate_series(0, 1023) AS bucket";

describe("a worker whose database is slow", () => {
  let worker: WorkerRuntime | undefined;
  const topics = uniqueTopics();
  const holder = new pg.Client({ connectionString: requireSetting("DATABASE_URL") });
  const watcher = new pg.Client({ connectionString: requireSetting("DATABASE_URL") });

  beforeAll(async () => {
    await Promise.all([holder.connect(), watcher.connect()]);
    worker = await startTestWorker(db(), topics);
  });

  afterAll(async () => {
    await holder.query("SELECT pg_advisory_unlock_all()").catch(() => undefined);
    await worker?.close();
    await Promise.all([holder.end(), watcher.end()]);
    await disconnectDb();
  });

  it("writes at most three batches at once, and every event once the database is back", async () => {
    await holder.query(THREAD_LOCKS);
    const run = randomUUID().slice(0, 8);
    // Nine partitions (three topics of three), each with events waiting.
    const batches = [
      { topic: topics.approval, events: eventsOf("approval", run) },
      { topic: topics.board, events: eventsOf("board", run) },
      { topic: topics.calendar, events: eventsOf("calendar", run) },
    ];
    for (const { topic, events } of batches) {
      await sendRaw(
        topic,
        events.map((event) => ({ key: event.subject, value: JSON.stringify(event) })),
      );
    }
    const writing = async () => {
      const { rows } = await watcher.query<{ waiting: number }>(
        `SELECT count(*)::int AS waiting FROM pg_stat_activity
         WHERE query LIKE '%store_notification_batch(%' AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`,
      );
      return rows[0]?.waiting ?? 0;
    };
    // Long enough for every partition's batch to have been detached (250 ms each) several times over.
    await eventually(async () => ((await writing()) > 0 ? true : null), 20_000, "a batch waiting for the locks");
    const seen: number[] = [];
    for (let i = 0; i < 20; i++) {
      seen.push(await writing());
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(Math.max(...seen)).toBeLessThanOrEqual(STORES_AT_ONCE);

    await holder.query("SELECT pg_advisory_unlock_all()");
    const ids = batches.flatMap(({ events }) => events.map((event) => event.id));
    await eventually(
      async () => ((await db().event.count({ where: { eventId: { in: ids } } })) === ids.length ? true : null),
      30_000,
      "every event",
    );
    expect(await db().event.count({ where: { eventId: { in: ids } } })).toBe(ids.length);
  }, 60_000);
});

function eventsOf(service: "approval" | "board" | "calendar", run: string) {
  return Array.from({ length: 30 }, (_, i) => {
    const subject = `${run}-${service}-${i}`;
    if (service === "approval") {
      return buildCloudEvent({
        type: "approval.requested",
        data: { documentId: subject, documentTitle: "출장 경비 정산", requester: { id: "E0012", name: "이서준" }, approverIds: ["E0003"] },
      });
    }
    if (service === "board") {
      return buildCloudEvent({
        type: "board.comment.created",
        data: {
          postId: subject,
          postTitle: "신규 입사자 안내",
          commenter: { id: "E0012", name: "이서준" },
          postAuthorId: "E0003",
          excerpt: "좋아요",
        },
      });
    }
    return buildCloudEvent({
      type: "calendar.event.invited",
      data: {
        eventId: subject,
        title: "주간 회의",
        startsAt: "2026-12-10T06:00:00.000Z",
        organizer: { id: "E0012", name: "이서준" },
        inviteeIds: ["E0003"],
      },
    });
  });
}
