import { randomUUID } from "node:crypto";
import fc from "fast-check";
import type { Message } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "../lib/db/prisma";
import { kafkaBrokers, parseEnv } from "../lib/env";
import { EXAMPLE_EVENTS } from "../lib/events/examples";
import { buildCloudEvent } from "../lib/events/producer";
import { listNotifications } from "../lib/notifications/list-notifications";
import { eventually } from "../test/eventually";
import { sendRaw } from "../test/kafka";
import { startTestWorker, uniqueTopics } from "../test/worker";
import { startWorkerRuntime, type WorkerRuntime } from "./runtime";

// Input of any shape, against the real broker and database: nothing stops the worker, every
// message is either stored or dead-lettered with a reason, and the valid event behind a bad one
// arrives. Each kind of input PostgreSQL would refuse is tried, and a database that refuses one
// message of a batch, or keeps failing for one partition, holds up nothing else.

afterAll(disconnectDb);

const topics = uniqueTopics();
let worker: WorkerRuntime | undefined;

beforeAll(async () => {
  worker = await startTestWorker(db(), topics);
});
afterAll(async () => {
  await worker?.close();
});

// Written out as text: JSON.stringify itself runs out of stack on it.
const DEEP = "(nested 5,000 deep)";
const DEEP_JSON = `${'{"a":'.repeat(5_000)}"bottom"${"}".repeat(5_000)}`;

describe("messages PostgreSQL cannot store", () => {
  const valid = () => approvalRequest(["E0021"]);
  const cases: [string, (event: Record<string, unknown>) => unknown, RegExp][] = [
    ["a time offset beyond ±15:59", (e) => ({ ...e, time: "2026-11-24T09:30:00+20:00" }), /time: must be in the years 1 to 9999/],
    ["the year 0", (e) => ({ ...e, time: "0000-11-24T09:30:00Z" }), /time: must be in the years 1 to 9999/],
    ["a NUL in the title", (e) => withData(e, { documentTitle: "출장\u0000경비" }), /data\.documentTitle: contains U\+0000/],
    ["a NUL in the id", (e) => ({ ...e, id: `${e.id}\u0000` }), /id: contains U\+0000/],
    ["a NUL in the source", (e) => ({ ...e, source: "groupware/approval\u0000" }), /source: contains U\+0000/],
    ["a NUL in a key", (e) => ({ ...e, "x\u0000y": 1 }), /a key contains U\+0000/],
    ["a lone surrogate", (e) => withData(e, { documentTitle: "\ud800" }), /data\.documentTitle: contains a lone UTF-16 surrogate/],
    ["an extension nested 5,000 deep", (e) => ({ ...e, deep: DEEP }), /deep(\.a)*: nested deeper than 32 levels/],
  ];

  it.each(cases)(
    "%s goes to the DLQ with its reason, and the valid event with the same key behind it arrives",
    async (_, mutate, reason) => {
      const bad = mutate(valid() as unknown as Record<string, unknown>);
      const good = valid();
      const key = `hostile-${randomUUID()}`;
      await sendRaw(topics.approval, [
        { key, value: JSON.stringify(bad).replace(`"${DEEP}"`, DEEP_JSON) },
        { key, value: JSON.stringify(good) },
      ]);
      await eventually(() => db().notification.findFirst({ where: { event: { eventId: good.id } } }), 20_000, "the valid event");
      const letter = await db().deadLetter.findFirst({ where: { topic: topics.approval, messageKey: key } });
      expect(letter?.reason).toMatch(reason);
    },
  );

  it("keeps a dead letter whose Kafka key holds a NUL, with the key shown as text", async () => {
    const key = `nul-\u0000-${randomUUID()}`;
    await sendRaw(topics.approval, [{ key, value: "not json" }]);
    const shown = key.replace("\u0000", "\uFFFD");
    const letter = await eventually(() => db().deadLetter.findFirst({ where: { topic: topics.approval, messageKey: shown } }));
    expect(letter.reason).toBe("not valid JSON");
  });
});

describe("a batch the database refuses in part", () => {
  // A real refusal from PostgreSQL for one message (a constraint this test adds), which decoding
  // cannot foresee: the worker must find that message, not retry the batch for ever.
  beforeAll(async () => {
    await db().$executeRawUnsafe(
      "ALTER TABLE events ADD CONSTRAINT test_refused_subject CHECK (subject IS NULL OR subject NOT LIKE 'refused-by-test-%') NOT VALID",
    );
  });
  afterAll(async () => {
    await db().$executeRawUnsafe("ALTER TABLE events DROP CONSTRAINT IF EXISTS test_refused_subject");
  });

  it("dead-letters the refused message with the database's reason and stores the rest, in order", async () => {
    const key = `refused-${randomUUID()}`;
    const before = approvalRequest(["E0022"]);
    const refused = buildCloudEvent({ ...approvalOptions(["E0023"]), subject: `refused-by-test-${randomUUID()}` });
    const after = approvalRequest(["E0022"]);
    await sendRaw(
      topics.approval,
      [before, refused, after].map((event) => ({ key, value: JSON.stringify(event), partition: 2 })),
    );

    await eventually(() => db().notification.findFirst({ where: { event: { eventId: after.id } } }), 20_000, "the event after it");
    const stored = await db().notification.findMany({
      where: { userId: "E0022", event: { eventId: { in: [before.id, after.id] } } },
      orderBy: { seq: "asc" },
      select: { event: { select: { eventId: true } } },
    });
    expect(stored.map((n) => n.event.eventId)).toEqual([before.id, after.id]);
    expect(await db().event.count({ where: { eventId: refused.id } })).toBe(0);
    const letter = await db().deadLetter.findFirst({ where: { topic: topics.approval, partition: 2, messageKey: key } });
    expect(letter?.reason).toMatch(/^the database refused it: .*test_refused_subject/);
  });
});

describe("a partition whose writes keep failing", () => {
  // The database refuses every write for partition 0 of the board topic, with an error that says
  // "try again later" (class 53, insufficient resources): the worker retries that partition on its
  // own while partition 1 goes on.
  const refuseSql = (topic: string) => [
    `CREATE OR REPLACE FUNCTION test_refuse_partition() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.topic = '${topic}' AND NEW.partition = 0 THEN
        RAISE EXCEPTION 'test: no room for partition 0' USING ERRCODE = '53100';
      END IF;
      RETURN NEW;
    END $$`,
    "CREATE TRIGGER test_refuse_partition BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION test_refuse_partition()",
  ];
  const dropSql = ["DROP TRIGGER IF EXISTS test_refuse_partition ON events", "DROP FUNCTION IF EXISTS test_refuse_partition()"];

  afterAll(async () => {
    for (const sql of dropSql) await db().$executeRawUnsafe(sql);
  });

  it("does not delay another partition, and stores its own events once the database takes them", async () => {
    for (const sql of refuseSql(topics.board)) await db().$executeRawUnsafe(sql);
    const stuck = notice("막힌 파티션");
    await sendRaw(topics.board, [{ key: "stuck", value: JSON.stringify(stuck), partition: 0 }]);
    // Let partition 0 start failing and retrying before the other partition's event is published.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const flowing = notice("흐르는 파티션");
    const sent = Date.now();
    await sendRaw(topics.board, [{ key: "flowing", value: JSON.stringify(flowing), partition: 1 }]);
    await eventually(() => db().notification.findFirst({ where: { event: { eventId: flowing.id } } }), 20_000, "partition 1");
    const delay = Date.now() - sent;
    expect(await db().event.count({ where: { eventId: stuck.id } })).toBe(0);
    // Well under the retry backoff: partition 1 never waited for partition 0.
    expect(delay).toBeLessThan(5_000);

    for (const sql of dropSql) await db().$executeRawUnsafe(sql);
    await eventually(() => db().notification.findFirst({ where: { event: { eventId: stuck.id } } }), 30_000, "partition 0 after the fix");
    expect(await db().event.count({ where: { eventId: stuck.id } })).toBe(1);
  }, 60_000);
});

describe("producers are not trusted blindly", () => {
  it("dead-letters an event on another service's topic, under another source, or to everyone from a service that may not", async () => {
    const onWrongTopic = approvalRequest(["E0025"]);
    const wrongSource = buildCloudEvent({ ...approvalOptions(["E0025"]), source: "groupware/board" });
    const everyone = buildCloudEvent({
      type: "notification.custom",
      source: "groupware/approval",
      data: { recipients: { all: true }, title: "전사 결재 알림" },
    });
    const key = `untrusted-${randomUUID()}`;
    await sendRaw(topics.board, [{ key, value: JSON.stringify(onWrongTopic) }]);
    await sendRaw(
      topics.approval,
      [wrongSource, everyone].map((event) => ({ key, value: JSON.stringify(event) })),
    );
    const letters = await eventually(async () => {
      const found = await db().deadLetter.findMany({ where: { messageKey: key }, orderBy: { id: "asc" } });
      return found.length === 3 ? found : null;
    });
    expect(letters.map((l) => l.reason).sort()).toEqual(
      [
        // Reasons name the services' own topics (this test's topics stand in for them).
        "approval.requested is published on groupware.approval, not on groupware.board",
        'source "groupware/board" publishes on groupware.board, not on groupware.approval',
        'an audience of everyone ({"all": true}) is taken only from ALL_AUDIENCE_SOURCES (board), and groupware/approval is not one',
      ].sort(),
    );
    expect(await db().event.count({ where: { eventId: { in: [onWrongTopic.id, wrongSource.id, everyone.id] } } })).toBe(0);
  });

  it("shows a known actor with the directory's name, not the name the event claims", async () => {
    const claimed = buildCloudEvent({
      type: "approval.requested",
      data: {
        documentId: `DOC-${randomUUID()}`,
        documentTitle: "사칭 시험",
        requester: { id: "E0012", name: "대표이사" },
        approverIds: ["E0026"],
      },
    });
    await sendRaw(topics.approval, [{ key: claimed.subject, value: JSON.stringify(claimed) }]);
    await eventually(() => db().notification.findFirst({ where: { event: { eventId: claimed.id } } }));
    const page = await listNotifications({ user: { id: "E0026", locale: "ko" }, query: { limit: 100, filter: "all", view: "list" } });
    const item = page.items.find((i) => i.eventId === claimed.id);
    expect(item?.actor).toEqual({ id: "E0012", name: "이서준" });
    expect(item?.body).toBe("이서준님이 결재를 요청했습니다.");
  });
});

describe("2,000 random mutations of valid events", () => {
  it("never stop the worker; each is stored or dead-lettered; a valid event after them arrives within seconds", async () => {
    const run = randomUUID();
    const mutations = fc.sample(mutationOf(run), { numRuns: 2_000, seed: 20261201 });
    const partitionOf = (i: number) => i % 3;
    const messages: Message[] = mutations.map(({ key, value }, i) => ({ key, value, partition: partitionOf(i) }));
    // In small requests: some mutations are large, and a produce request has a size limit too.
    for (let i = 0; i < messages.length; i += 20) await sendRaw(topics.approval, messages.slice(i, i + 20));
    const last = approvalRequest(["E0024"]);
    const sent = Date.now();
    await sendRaw(topics.approval, [{ key: "after-the-fuzz", value: JSON.stringify(last), partition: 1 }]);
    await eventually(() => db().notification.findFirst({ where: { event: { eventId: last.id } } }), 30_000, "the valid event after them");
    const seconds = (Date.now() - sent) / 1000;

    // Every message produced is accounted for exactly once, by its Kafka position: once the other
    // partitions are through too (the valid event came on one of the three).
    const marked = mutations.filter((m) => m.marked).length;
    const accounted = async () => {
      const [row] = await db().$queryRaw<{ n: bigint }[]>`
        SELECT count(*)::bigint AS n FROM (
          SELECT partition, kafka_offset FROM events WHERE topic = ${topics.approval} AND cloud_event->>'fuzz' = ${run}
          UNION ALL
          SELECT partition, kafka_offset FROM dead_letters WHERE topic = ${topics.approval} AND payload_size > 0 AND position(${run}::bytea IN payload) > 0
        ) p`;
      return Number(row?.n);
    };
    await eventually(async () => ((await accounted()) >= marked ? true : null), 60_000, "every mutation stored or dead-lettered").catch(
      () => null,
    );
    expect(await accounted()).toBe(marked);
    // Bytes that are not JSON carry no mark; they are dead letters too, each once.
    const garbage = await db().deadLetter.count({
      where: { topic: topics.approval, reason: "not valid JSON", payload: { not: Buffer.alloc(0) } },
    });
    expect(garbage).toBeGreaterThanOrEqual(mutations.filter((m) => !m.marked).length);
    const health = await fetch(`http://127.0.0.1:${worker?.port}/health`);
    expect(health.status).toBe(200);
    expect(seconds).toBeLessThan(20);
  }, 120_000);
});

// --- helpers ---

function approvalOptions(approverIds: string[]) {
  return {
    type: "approval.requested" as const,
    data: { documentId: `DOC-${randomUUID()}`, documentTitle: "출장 경비 정산", requester: { id: "E0012", name: "이서준" }, approverIds },
  };
}

function approvalRequest(approverIds: string[]) {
  return buildCloudEvent(approvalOptions(approverIds));
}

function notice(title: string) {
  return buildCloudEvent({
    type: "board.notice.published",
    data: { postId: `P-${randomUUID()}`, title, author: { id: "E0031", name: "남태윤" }, audience: { departmentIds: ["D05"] } },
  });
}

function withData(event: Record<string, unknown>, data: Record<string, unknown>) {
  return { ...event, data: { ...(event.data as object), ...data } };
}

function nested(depth: number): unknown {
  let value: unknown = "bottom";
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

// A mutation: a valid example event (marked with the run, so its rows can be found) with one thing
// changed anywhere in it: a random value (any unicode, NUL and lone surrogates among it; a wrong
// type; a huge or odd number; an impossible date; deep nesting; an oversized array), a removed
// field, or bytes that are not JSON at all. Ids are made unique, so no mutation is a duplicate.
function mutationOf(run: string): fc.Arbitrary<{ key: string | null; value: Buffer; marked: boolean }> {
  const lone = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));
  const text = fc
    .array(fc.oneof(fc.string({ unit: "binary", maxLength: 8 }), lone, fc.constant("\u0000"), fc.constant("<script>")), { maxLength: 6 })
    .map((parts) => parts.join(""));
  const odd = fc.oneof(
    text,
    fc.constantFrom(1e308, -0, 2 ** 64, Number.MAX_SAFE_INTEGER + 2, -1, 0.5),
    fc.constantFrom("2026-02-30T09:00:00Z", "+275760-09-13T00:00:00Z", "9999-12-31T23:59:60Z", "2026-11-24T09:30:00+99:00", "yesterday"),
    fc.constantFrom(true, null, [], {}),
    fc.integer({ min: 1, max: 200 }).map(nested),
    fc.integer({ min: 1_001, max: 20_000 }).map((n) => Array.from({ length: n }, (_, i) => `E${i}`)),
  );
  const examples = Object.values(EXAMPLE_EVENTS);
  return fc
    .record({
      example: fc.integer({ min: 0, max: examples.length - 1 }),
      n: fc.nat(),
      target: fc.nat(),
      how: fc.constantFrom("replace", "replace", "replace", "remove", "garbage"),
      value: odd,
      key: fc.oneof(fc.constant(null), text),
    })
    .map(({ example, n, target, how, value, key }) => {
      if (how === "garbage") return { key, value: Buffer.from(`{"specversion":"1.0",${JSON.stringify(value)}`), marked: false };
      const event = structuredClone(examples[example]) as unknown as Record<string, unknown>;
      event.id = `${run}-${n}-${target}-${randomUUID()}`;
      event.fuzz = run;
      const paths = leafPaths(event).filter((path) => path[0] !== "fuzz");
      const path = paths[target % paths.length] ?? ["data"];
      // A new id must stay unique (else the mutation is a duplicate, stored nowhere): keep the run in it.
      const replacement = path.join(".") === "id" && typeof value === "string" ? `${event.id}${value}` : value;
      setAt(event, path, how === "remove" ? undefined : replacement);
      return { key, value: Buffer.from(JSON.stringify(event)), marked: true };
    });
}

function leafPaths(value: unknown, prefix: string[] = []): string[][] {
  if (typeof value !== "object" || value === null) return [prefix];
  const entries = Object.entries(value);
  if (entries.length === 0) return [prefix];
  return [prefix, ...entries.flatMap(([key, item]) => leafPaths(item, [...prefix, key]))].filter((path) => path.length > 0);
}

function setAt(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target as Record<string, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  const last = path.at(-1) as string;
  if (value === undefined) delete node[last];
  else node[last] = value;
}

describe("the worker's metrics with METRICS_TOKEN set", () => {
  it("answer only with the token; health stays open", async () => {
    const token = "worker-metrics-token-0123456789";
    const own = uniqueTopics();
    const env = { ...parseEnv(), WORKER_PORT: 0, KAFKA_GROUP_ID: `metrics-${randomUUID()}`, METRICS_TOKEN: token };
    const guarded = await startWorkerRuntime({ env, brokers: kafkaBrokers(), prisma: db(), topics: own.services, dlqTopic: own.dlq });
    try {
      const url = `http://127.0.0.1:${guarded.port}`;
      expect((await fetch(`${url}/metrics`)).status).toBe(401);
      expect((await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
      expect((await fetch(`${url}/health`)).status).toBe(200);
    } finally {
      await guarded.close();
    }
  });
});
