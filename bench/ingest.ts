// npm run bench:ingest [-- --events 200000 --naive-events 5000]
// Fills the approval and board topics with a realistic mix of audiences, drains it with the worker's batched path, then
// drains a sample with a naive path (one INSERT and one NOTIFY per notification, as a first
// implementation would), and prints notifications persisted per second for both and the ratio.
// Uses DATABASE_URL / KAFKA_BROKERS if set, otherwise a fresh PostgreSQL and Kafka of its own.
import "./quiet-logs";
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { PrismaPg } from "@prisma/adapter-pg";
import { Kafka, logLevel, type Message } from "kafkajs";
import pg from "pg";
import { parseEnv } from "../lib/env";
import { decodeEvent } from "../lib/events/cloud-event";
import { buildCloudEvent } from "../lib/events/producer";
import { ensureTopics } from "../lib/events/topics";
import { PrismaClient } from "../lib/generated/prisma/client";
import { NOTIFY_CHANNEL } from "../lib/notifications/store-batch";
import { DEMO_DIRECTORY, DEPARTMENTS } from "../prisma/seed";
import { startWorkerRuntime } from "../workers/runtime";
import { fmt, say, startBenchInfrastructure } from "./bench-stack";

const { values } = parseArgs({
  options: {
    events: { type: "string", default: "200000" },
    "naive-events": { type: "string", default: "5000" },
  },
});
const EVENTS = Number(values.events);
const NAIVE_EVENTS = Math.min(EVENTS, Number(values["naive-events"]));

const people = DEMO_DIRECTORY.map((u) => u.id);
const infra = await startBenchInfrastructure("bench", { postgres: 54369, kafka: 39092 });
try {
  const brokers = infra.kafkaBrokers.split(",");
  const kafka = new Kafka({ clientId: "bench", brokers, logLevel: logLevel.NOTHING });
  const prefix = `bench-${randomUUID().slice(0, 8)}`;
  const topics = { approval: `${prefix}.approval`, board: `${prefix}.board` };
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, [topics.approval, topics.board, `${prefix}.dlq`]);
  await admin.disconnect();

  const { messages, notifications, mix } = generate(EVENTS);
  say(`\ningest benchmark: ${fmt(EVENTS)} events → ${fmt(notifications)} notifications (${mix})`);
  const fillStarted = performance.now();
  const producer = kafka.producer();
  await producer.connect();
  for (let i = 0; i < messages.length; i += 5_000) {
    const slice = messages.slice(i, i + 5_000);
    await producer.sendBatch({
      acks: -1,
      topicMessages: (["approval", "board"] as const).map((service) => ({
        topic: topics[service],
        messages: slice.filter((m) => m.service === service).map((m) => m.message),
      })),
    });
  }
  await producer.disconnect();
  say(`  filled ${topics.approval} and ${topics.board} in ${((performance.now() - fillStarted) / 1000).toFixed(1)} s`);

  const sample = messages.slice(0, NAIVE_EVENTS).map((m) => m.message);
  const naive = await drainNaively(infra.databaseUrl, sample);
  await resetNotifications(infra.databaseUrl);
  const ours = await drainWithWorker(infra.databaseUrl, brokers, topics, `${prefix}.dlq`, notifications);

  say(
    `  batched path (the worker): ${fmt(notifications)} notifications in ${ours.seconds.toFixed(1)} s` +
      ` → ${fmt(notifications / ours.seconds)} notifications/s, ${fmt(EVENTS / ours.seconds)} events/s` +
      ` (first batch committed ${ours.firstBatch.toFixed(1)} s after start)`,
  );
  say(
    `  naive path (1 INSERT + 1 NOTIFY per notification, first ${fmt(sample.length)} events):` +
      ` ${fmt(naive.notifications)} notifications in ${naive.seconds.toFixed(1)} s → ${fmt(naive.notifications / naive.seconds)} notifications/s`,
  );
  say(`  ratio: ${(notifications / ours.seconds / (naive.notifications / naive.seconds)).toFixed(1)}× faster`);
  say(`  end-to-end drain time (worker start → last notification committed): ${ours.seconds.toFixed(1)} s`);
  await printStorage(infra.databaseUrl);
  say("");
} finally {
  await infra.stop();
}

// 85% name one to three people, 12% a department, 3% everyone: the shape of a real groupware day.
function generate(count: number): { messages: { service: "approval" | "board"; message: Message }[]; notifications: number; mix: string } {
  const byDepartment = new Map(DEPARTMENTS.map((d) => [d.id, DEMO_DIRECTORY.filter((u) => u.departmentId === d.id)]));
  let random = 42;
  const next = () => {
    random = (random * 1103515245 + 12345) % 2 ** 31;
    return random / 2 ** 31;
  };
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  let notifications = 0;
  const messages: { service: "approval" | "board"; message: Message }[] = [];
  for (let i = 0; i < count; i++) {
    const roll = next();
    const actor = DEMO_DIRECTORY[i % 50]!;
    let event: ReturnType<typeof buildCloudEvent>;
    if (roll < 0.85) {
      const approvers = [...new Set(Array.from({ length: 1 + Math.floor(next() * 3) }, () => pick(people)))].filter(
        (id) => id !== actor.id,
      );
      if (approvers.length === 0) approvers.push(actor.id === "E0001" ? "E0002" : "E0001");
      notifications += approvers.length;
      event = buildCloudEvent({
        type: "approval.requested",
        data: {
          documentId: `DOC-${i}`,
          documentTitle: "출장 경비 정산",
          requester: { id: actor.id, name: actor.name },
          approverIds: approvers,
        },
      });
    } else {
      const department = pick(DEPARTMENTS).id;
      const all = roll >= 0.97;
      const audience = all ? DEMO_DIRECTORY : byDepartment.get(department)!;
      notifications += audience.filter((u) => u.id !== actor.id).length;
      event = buildCloudEvent({
        type: "board.notice.published",
        data: {
          postId: `P-${i}`,
          title: all ? "전사 공지" : "부서 공지",
          author: { id: actor.id, name: actor.name },
          audience: all ? { all: true } : { departmentIds: [department] },
        },
      });
    }
    messages.push({
      service: event.type === "approval.requested" ? "approval" : "board",
      message: { key: event.subject, value: JSON.stringify(event) },
    });
  }
  return { messages, notifications, mix: "85% one to three people, 12% a department, 3% everyone" };
}

async function drainWithWorker(
  databaseUrl: string,
  brokers: string[],
  topics: { approval: string; board: string },
  dlqTopic: string,
  expected: number,
) {
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, max: 10 }) });
  const total = async () =>
    Number((await prisma.$queryRaw<{ n: bigint }[]>`SELECT coalesce(sum(notification_seq), 0)::bigint AS n FROM users`)[0]!.n);
  const base = await total();
  const env = { ...parseEnv({}), LOG_LEVEL: "warn" as const, WORKER_PORT: 0, KAFKA_GROUP_ID: `bench-${randomUUID()}` };
  const started = performance.now();
  const worker = await startWorkerRuntime({ env, brokers, prisma, topics, dlqTopic });
  let firstBatch = 0;
  for (;;) {
    const done = (await total()) - base;
    if (done > 0 && !firstBatch) firstBatch = (performance.now() - started) / 1000;
    if (done >= expected) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const seconds = (performance.now() - started) / 1000;
  await worker.close();
  await prisma.$disconnect();
  return { seconds, firstBatch };
}

// What a first implementation does: per message, look up the audience, insert the event, then per
// recipient take the next cursor, insert the notification and NOTIFY, each its own statement.
async function drainNaively(databaseUrl: string, messages: Message[]) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const started = performance.now();
  let notifications = 0;
  for (const message of messages) {
    const decoded = decodeEvent(Buffer.from(message.value as string));
    if (!decoded.ok) continue;
    const { envelope, audience, actor, type } = decoded.event;
    const recipients = await client.query<{ id: string }>(
      "SELECT id FROM users WHERE ($1::boolean OR id = ANY($2) OR department_id = ANY($3)) AND id <> $4",
      [
        "all" in audience,
        "userIds" in audience ? audience.userIds : [],
        "departmentIds" in audience ? audience.departmentIds : [],
        actor?.id ?? "",
      ],
    );
    const claimed = await client.query("INSERT INTO event_keys (source, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING", [
      envelope.source,
      envelope.id,
    ]);
    if (claimed.rowCount === 0) continue;
    const inserted = await client.query<{ id: string }>(
      `INSERT INTO events (source, event_id, type, subject, time, actor_id, cloud_event, topic, partition, kafka_offset)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'naive', 0, 0) RETURNING id`,
      [envelope.source, envelope.id, type, envelope.subject, envelope.time, actor?.id, JSON.stringify(envelope)],
    );
    const eventPk = inserted.rows[0]?.id;
    if (!eventPk) continue;
    for (const { id } of recipients.rows) {
      const seq = await client.query<{ seq: string }>(
        "UPDATE users SET notification_seq = notification_seq + 1 WHERE id = $1 RETURNING notification_seq AS seq",
        [id],
      );
      await client.query("INSERT INTO notifications (user_id, seq, event_pk, source, type) VALUES ($1, $2, $3, $4, $5)", [
        id,
        seq.rows[0]!.seq,
        eventPk,
        envelope.source,
        type,
      ]);
      await client.query("SELECT pg_notify($1, $2)", [NOTIFY_CHANNEL, JSON.stringify({ u: [[id, Number(seq.rows[0]!.seq)]] })]);
      notifications++;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  await client.end();
  return { seconds, notifications };
}

async function resetNotifications(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query("TRUNCATE notifications, events, event_keys, notice_receipts RESTART IDENTITY");
  await client.query("UPDATE users SET notification_seq = 0");
  await client.end();
}

// What a stored row costs on disk, for the capacity table (docs/operations.md): each table with its
// indexes and TOAST (and its partitions, if it has any), divided by its rows. Measured once as
// inserted, then after every notification was delivered and read, as in use, where each update
// leaves a dead version that VACUUM frees for reuse: here ten slices of each update, a VACUUM after
// each, stand in for autovacuum keeping up.
async function printStorage(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const perRow = async (table: string) => {
    const { rows } = await client.query<{ bytes: string; n: string }>(
      `SELECT coalesce((SELECT sum(pg_total_relation_size(relid)) FROM pg_partition_tree($1::regclass)), pg_total_relation_size($1::regclass))::bigint AS bytes,
              (SELECT count(*) FROM ${table})::bigint AS n`,
      [table],
    );
    const { bytes, n } = rows[0]!;
    return `${fmt(Number(bytes) / Number(n))} B/row (${fmt(Number(bytes) / 2 ** 20)} MiB for ${fmt(Number(n))} rows)`;
  };
  try {
    await client.query("VACUUM ANALYZE events, notifications");
    say(`  storage as inserted: events ${await perRow("events")}; notifications ${await perRow("notifications")}`);
    for (const column of ["delivered_at", "read_at"]) {
      for (let slice = 0; slice < 10; slice++) {
        await client.query(`UPDATE notifications SET ${column} = now() WHERE id % 10 = $1`, [slice]);
        await client.query("VACUUM notifications");
      }
    }
    say(`  storage once delivered and read: notifications ${await perRow("notifications")}`);
    const { rows } = await client.query<{ bytes: string }>("SELECT pg_database_size(current_database())::bigint AS bytes");
    say(`  the whole database: ${fmt(Number(rows[0]!.bytes) / 2 ** 20)} MiB`);
  } finally {
    await client.end();
  }
}
