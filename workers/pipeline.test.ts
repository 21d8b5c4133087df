import { randomUUID } from "node:crypto";
import { Kafka, logLevel } from "kafkajs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "../lib/db/prisma";
import { kafkaBrokers, requireSetting } from "../lib/env";
import type { EventType } from "../lib/events/catalog";
import { buildCloudEvent, type PublishOptions } from "../lib/events/producer";
import { metrics } from "../lib/metrics";
import { eventually } from "../test/eventually";
import { caughtUp, readTopic, sendRaw } from "../test/kafka";
import { startTestWorker, uniqueTopics } from "../test/worker";
import { DETACH_AFTER_MS } from "./detached-batches";
import type { WorkerRuntime } from "./runtime";

// The worker against the real broker and database: exactly the right notifications, once,
// whatever is redelivered; unusable messages dead-lettered without stopping their partition.

afterAll(disconnectDb);

describe("a worker", () => {
  const topics = uniqueTopics();
  const groupId = `pipeline-${randomUUID()}`;
  let worker: WorkerRuntime | undefined;

  beforeAll(async () => {
    worker = await startTestWorker(db(), topics, groupId);
  });
  afterAll(async () => {
    await worker?.close();
  });

  it("makes one notification per recipient when an event comes twice in one batch", async () => {
    const event = approvalRequest(["E0003", "E0007"]);
    await sendRaw(topics.approval, [message(event), message(event)]);
    await waitForNotifications(event, 2);
    await settle(topics.approval, groupId);
    expect(await recipientsOf(event)).toEqual(["E0003", "E0007"]);
  });

  it("commits a batch that was set aside while the database was slow, with nothing arriving after it", async () => {
    // Another transaction holds the recipient's row: the batch waits past DETACH_AFTER_MS and is
    // finished detached, its partition paused. Nothing else arrives on the topic.
    const blocker = new pg.Client({ connectionString: requireSetting("DATABASE_URL") });
    await blocker.connect();
    try {
      await blocker.query("BEGIN");
      await blocker.query("SELECT 1 FROM users WHERE id = 'E0005' FOR UPDATE");
      const event = approvalRequest(["E0005"]);
      await sendRaw(topics.approval, [{ ...message(event), partition: 2 }]);
      await new Promise((resolve) => setTimeout(resolve, DETACH_AFTER_MS * 4));
      await blocker.query("COMMIT");
      await waitForNotifications(event, 1);
      await settle(topics.approval, groupId, 5_000);
    } finally {
      await blocker.end();
    }
  });

  it("makes one notification per recipient when an event comes again in a later batch", async () => {
    const event = approvalRequest(["E0004"]);
    await sendRaw(topics.approval, [message(event)]);
    await waitForNotifications(event, 1);
    await sendRaw(topics.approval, [message(event)]);
    await settle(topics.approval, groupId);
    expect(await recipientsOf(event)).toEqual(["E0004"]);
  });

  it("makes nothing new when an event comes again after the worker restarted", async () => {
    const event = approvalRequest(["E0008"]);
    await sendRaw(topics.approval, [message(event)]);
    await waitForNotifications(event, 1);
    await worker!.close();
    worker = await startTestWorker(db(), topics, groupId);
    await sendRaw(topics.approval, [message(event)]);
    await settle(topics.approval, groupId);
    expect(await recipientsOf(event)).toEqual(["E0008"]);
  });

  it("sends each kind of unusable message to the DLQ with its reason, and delivers the valid event behind them", async () => {
    const valid = approvalRequest(["E0009"]);
    const invalidData = { ...valid, id: randomUUID(), data: { ...(valid.data as object), approverIds: [] } };
    const huge = Buffer.alloc(1024 * 1024, "x");
    const bad: [string, Buffer, RegExp][] = [
      ["malformed JSON", Buffer.from('{"specversion": "1.0", '), /not valid JSON/],
      ["not a CloudEvent", Buffer.from(JSON.stringify({ hello: "world" })), /not a CloudEvent/],
      ["unknown type", Buffer.from(JSON.stringify({ ...valid, id: randomUUID(), type: "payroll.paid" })), /unknown type "payroll.paid"/],
      ["invalid data", Buffer.from(JSON.stringify(invalidData)), /invalid data for approval.requested: approverIds/],
      ["a 1 MB value", huge, /too large: 1048576 bytes/],
    ];
    const partition = 1;
    await sendRaw(topics.approval, [
      ...bad.map(([, value], i) => ({ key: `bad-${i}`, value, partition })),
      { ...message(valid), partition },
    ]);

    await waitForNotifications(valid, 1);
    const letters = await db().deadLetter.findMany({ where: { topic: topics.approval, partition }, orderBy: { offset: "asc" } });
    expect(letters).toHaveLength(bad.length);
    bad.forEach(([, value, reason], i) => {
      expect(letters[i]!.reason).toMatch(reason);
      expect(letters[i]!.messageKey).toBe(`bad-${i}`);
      expect(letters[i]!.payloadSize).toBe(value.length);
      if (value.length < 1000) expect(Buffer.from(letters[i]!.payload).equals(value)).toBe(true);
    });

    // The DLQ keeps each message's key, so its partitions (and the order across them) follow the key.
    const dlq = await readTopic(topics.dlq, bad.length);
    expect(dlq.map((m) => m.key).sort()).toEqual(bad.map((_, i) => `bad-${i}`));
    dlq.forEach((m) => {
      const i = Number(m.key!.slice("bad-".length));
      expect(m.value?.equals(bad[i]![1])).toBe(true);
      expect(m.headers["dlq-reason"]).toMatch(bad[i]![2]);
      expect(m.headers).toMatchObject({
        "dlq-source-topic": topics.approval,
        "dlq-source-partition": String(partition),
        "dlq-source-offset": letters[i]!.offset.toString(),
      });
      expect(new Date(m.headers["dlq-failed-at"]!).getTime()).not.toBeNaN();
    });
  });

  it("fans out to departments and to everyone, never to the actor, and skips unknown ids", async () => {
    const unknownBefore = await counter("groupware_unknown_recipients_total");
    const department = event("board.notice.published", {
      postId: `P-${randomUUID()}`,
      title: "개발팀 주간 회의 안내",
      author: { id: "E0011", name: "한수아" },
      audience: { departmentIds: ["D02"] },
    });
    const company = event("board.notice.published", {
      postId: `P-${randomUUID()}`,
      title: "연말 워크숍 안내",
      author: { id: "E0031", name: "남태윤" },
      audience: { all: true },
      important: true,
    });
    const custom = event("notification.custom", { recipients: { all: true }, title: "시스템 점검 안내" });
    const invite = event("calendar.event.invited", {
      eventId: `EV-${randomUUID()}`,
      title: "분기 리뷰",
      startsAt: "2026-12-01T01:00:00Z",
      organizer: { id: "E0001", name: "김민준" },
      inviteeIds: ["E0001", "E9999", "E0002"],
    });
    await sendRaw(topics.board, [department, company, custom].map(message));
    await sendRaw(topics.calendar, [invite].map(message));

    // Each event's notifications are committed together: one of them there means all of them.
    await Promise.all([department, company, custom, invite].map((e) => waitForNotifications(e, 1)));
    const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `E${String(from + i).padStart(4, "0")}`);
    // D02 is E0011–E0020 in the seed, plus anyone other tests added to it; the author is left out.
    const developers = (await db().user.findMany({ where: { departmentId: "D02" }, orderBy: { id: "asc" }, select: { id: true } })).map(
      (u) => u.id,
    );
    expect(developers).toEqual(expect.arrayContaining(range(11, 20)));
    expect(await recipientsOf(department)).toEqual(developers.filter((id) => id !== "E0011"));
    // Other tests add people of their own; "everyone" is whoever the directory holds now.
    const everyone = (await db().user.findMany({ orderBy: { id: "asc" }, select: { id: true } })).map((u) => u.id);
    expect(everyone).toEqual(expect.arrayContaining(["A0001", ...range(1, 50)]));
    expect(await recipientsOf(company)).toEqual(everyone.filter((id) => id !== "E0031"));
    expect(await recipientsOf(custom)).toEqual(everyone);
    expect(await recipientsOf(invite)).toEqual(["E0002"]);
    expect((await counter("groupware_unknown_recipients_total")) - unknownBefore).toBe(1);
  });

  it("serves its health and Prometheus metrics on its port", async () => {
    const health = await fetch(`http://127.0.0.1:${worker!.port}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok", consumer: "joined", database: "up" });
    const text = await (await fetch(`http://127.0.0.1:${worker!.port}/metrics`)).text();
    for (const name of ["groupware_events_consumed_total", "groupware_notifications_written_total", "groupware_dead_letters_total"]) {
      expect(text).toMatch(new RegExp(`^${name}\\{?.* [1-9]\\d*$`, "m"));
    }
    expect(text).toMatch(new RegExp(`^groupware_consumer_lag\\{topic="${topics.approval}",partition="\\d"\\} \\d+$`, "m"));
  });
});

describe("two workers in one group", () => {
  const topics = uniqueTopics();
  const groupId = `pair-${randomUUID()}`;
  const workers: WorkerRuntime[] = [];

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.close()));
  });

  it("share the partitions and process every event once", async () => {
    workers.push(await startTestWorker(db(), topics, groupId), await startTestWorker(db(), topics, groupId));
    const admin = new Kafka({ clientId: "test-admin", brokers: kafkaBrokers(), logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    const members = await eventually(
      async () => {
        const { groups } = await admin.describeGroups([groupId]);
        const group = groups[0]!;
        return group.state === "Stable" && group.members.length === 2 ? group.members : null;
      },
      30_000,
      "a stable group of two",
    );
    await admin.disconnect();
    for (const member of members) expect(member.memberAssignment.length).toBeGreaterThan(0);

    const stored = await counter("groupware_events_consumed_total", { outcome: "stored" });
    const duplicates = await counter("groupware_events_consumed_total", { outcome: "duplicate" });
    const events = Array.from({ length: 300 }, (_, i) => approvalRequest([`E00${String(21 + (i % 20)).padStart(2, "0")}`]));
    await sendRaw(topics.approval, events.map(message));

    await eventually(
      async () => ((await db().event.count({ where: { eventId: { in: events.map((e) => e.id) } } })) === 300 ? true : null),
      30_000,
      "300 events stored",
    );
    expect(await db().notification.count({ where: { event: { eventId: { in: events.map((e) => e.id) } } } })).toBe(300);
    expect((await counter("groupware_events_consumed_total", { outcome: "stored" })) - stored).toBe(300);
    expect((await counter("groupware_events_consumed_total", { outcome: "duplicate" })) - duplicates).toBe(0);
  });
});

type CloudEventOf = ReturnType<typeof buildCloudEvent>;

function approvalRequest(approverIds: string[]): CloudEventOf {
  return event("approval.requested", {
    documentId: `DOC-${randomUUID()}`,
    documentTitle: "출장 경비 정산",
    requester: { id: "E0012", name: "이서준" },
    approverIds,
  });
}

function event<T extends EventType>(type: T, data: PublishOptions<T>["data"]): CloudEventOf {
  return buildCloudEvent({ type, data });
}

function message(event: CloudEventOf) {
  return { key: event.subject ?? event.id, value: JSON.stringify(event) };
}

async function recipientsOf(event: CloudEventOf): Promise<string[]> {
  const rows = await db().notification.findMany({
    where: { event: { source: event.source, eventId: event.id } },
    orderBy: { userId: "asc" },
    select: { userId: true },
  });
  return rows.map((r) => r.userId);
}

function waitForNotifications(event: CloudEventOf, count: number): Promise<true> {
  return eventually(async () => ((await recipientsOf(event)).length >= count ? true : null), 20_000, `${count} notifications`);
}

// Waits until the group has committed everything published so far, so a redelivery had its chance.
async function settle(topic: string, groupId: string, timeoutMs = 20_000): Promise<void> {
  const admin = new Kafka({ clientId: "test-admin", brokers: kafkaBrokers(), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    await eventually(async () => ((await caughtUp(admin, groupId, [topic])) ? true : null), timeoutMs, "the group caught up");
  } finally {
    await admin.disconnect();
  }
}

async function counter(name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = (await metrics().registry.getMetricsAsJSON()).find((m) => m.name === name);
  const values = (metric?.values ?? []) as { value: number; labels: Record<string, string | number> }[];
  return values.filter((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l)).reduce((sum, v) => sum + v.value, 0);
}
