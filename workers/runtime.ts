import http from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { type EachBatchPayload, Kafka, logLevel } from "kafkajs";
import pLimit, { type LimitFunction } from "p-limit";
import type { Env } from "../lib/env";
import type { AdmissionRules } from "../lib/events/admission";
import { DLQ_TOPIC, type Service, TOPICS } from "../lib/events/catalog";
import { COMMAND_TOPICS } from "../lib/events/commands";
import { kafkaSecurity } from "../lib/events/kafka-client";
import { kafkaLogCreator } from "../lib/events/kafka-log";
import { ensureTopics } from "../lib/events/topics";
import type { PrismaClient } from "../lib/generated/prisma/client";
import { logger } from "../lib/log";
import { metrics, metricsAllowed } from "../lib/metrics";
import type { StoreResult } from "../lib/notifications/store-batch";
import { startTimers } from "../lib/timers/start-timers";
import { DetachedBatches } from "./detached-batches";
import { type BatchContext, storeMessages } from "./store-messages";

// The worker: one kafkajs consumer group over the service topics. Each batch is decoded, its
// unusable messages sent to the DLQ, everything written in one transaction (which fires one
// NOTIFY), and only then are its offsets committed. A crash at any point re-reads the batch, and
// the (source, id) key keeps the redelivery from doubling anything. A batch the database cannot
// take yet is retried with backoff on its own, without holding up the other partitions.

export interface WorkerDeps {
  env: Env;
  brokers: string[];
  prisma: PrismaClient;
  /** The topic each service publishes on (tests use topics of their own). */
  topics?: Partial<Record<Service, string>>;
  dlqTopic?: string;
  /** Runs the durable timers (lib/timers/start-timers.ts) on this database; none without. */
  timersDatabaseUrl?: string;
}

export interface WorkerRuntime {
  /** The port of the health and metrics server. */
  port: number;
  close(): Promise<void>;
}

const log = logger("worker");
const MAX_BACKOFF_MS = 10_000;
// Batches written at once: kafkajs hands out this many at a time, and detached batches (a slow
// database) wait for the same slots instead of adding transactions. Unbounded, a worker that fell
// behind wrote a batch for each partition at once, eight of nine waiting on the thread locks of
// the one running and all of them on the database's cores (bench:soak, 2026-12-03). Waiting here,
// the batches grow instead, and a larger batch costs less per message.
export const STORES_AT_ONCE = 3;

export async function startWorkerRuntime(deps: WorkerDeps): Promise<WorkerRuntime> {
  const { env, brokers, prisma, topics = TOPICS, dlqTopic = DLQ_TOPIC } = deps;
  const serviceOfTopic = new Map(Object.entries(topics).map(([service, topic]) => [topic, service as Service]));
  const kafka = new Kafka({
    clientId: env.KAFKA_CLIENT_ID,
    brokers,
    logLevel: logLevel.WARN,
    logCreator: kafkaLogCreator(),
    ...kafkaSecurity(env),
  });
  await createTopics(kafka, [...serviceOfTopic.keys()], dlqTopic, new Set(topics.directory ? [topics.directory] : []));

  const producer = kafka.producer({ idempotent: true, allowAutoTopicCreation: false });
  await producer.connect();
  const consumer = kafka.consumer({
    groupId: env.KAFKA_GROUP_ID,
    allowAutoTopicCreation: false,
    maxBytesPerPartition: 4 * 1024 * 1024,
    maxBytes: 16 * 1024 * 1024,
    // A paused partition is fetched again once the fetch under way returns: keep that wait short.
    maxWaitTimeInMs: 500,
    // A worker that dies without leaving the group hands its partitions on after this long.
    sessionTimeout: 10_000,
    heartbeatInterval: 2_000,
    // kafkajs restarts the consumer after a crash (broker gone, coordinator moved) instead of exiting.
    retry: { retries: 10, initialRetryTime: 300, maxRetryTime: 10_000 },
  });
  const state = { joined: false, crashed: false, generation: 0 };
  consumer.on(consumer.events.GROUP_JOIN, (event) => {
    state.joined = true;
    state.generation++;
    log.info({ memberId: event.payload.memberId, assignment: event.payload.memberAssignment }, "joined consumer group");
  });
  consumer.on(consumer.events.CRASH, (event) => {
    log.error({ err: event.payload.error, restart: event.payload.restart }, "consumer crashed");
    state.crashed = !event.payload.restart;
  });
  await consumer.connect();
  // A new group starts at the beginning: events published before the first start are not lost.
  await consumer.subscribe({ topics: [...serviceOfTopic.keys()], fromBeginning: true });

  const stopping = new AbortController();
  const detached = new DetachedBatches(stopping.signal);
  const storing = pLimit(STORES_AT_ONCE);
  const context: BatchContext = { prisma, producer, dlqTopic };
  const rules = (topic: string): AdmissionRules => ({
    topicService: serviceOfTopic.get(topic) ?? "board",
    allAudienceServices: env.ALL_AUDIENCE_SOURCES,
  });
  await consumer.run({
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: STORES_AT_ONCE,
    eachBatch: (payload) => {
      if (payload.batch.messages.length === 0) return Promise.resolve();
      const generation = state.generation;
      const current = () => payload.isRunning() && !payload.isStale() && state.generation === generation;
      return detached.run(payload, (wentOn) =>
        handleBatch(context, payload, rules(payload.batch.topic), { current, wentOn, storing }, stopping.signal),
      );
    },
  });

  const timers = deps.timersDatabaseUrl ? await startTimers({ databaseUrl: deps.timersDatabaseUrl }) : null;

  const server = await serveHealth(env.WORKER_PORT, env.METRICS_TOKEN, async () => ({
    consumer: state.crashed ? "crashed" : state.joined ? "joined" : "joining",
    database: await prisma.$queryRaw`SELECT 1`.then(
      () => "up",
      () => "down",
    ),
  }));
  return {
    port: (server.address() as { port: number }).port,
    async close() {
      log.info("stopping");
      // Batches waiting to retry give up (uncommitted); one being written finishes and commits.
      stopping.abort();
      consumer.pause([...serviceOfTopic.keys()].map((topic) => ({ topic })));
      await detached.drain();
      // Stops fetching, lets the batch in hand finish or gives it up uncommitted, leaves the group.
      await consumer.disconnect();
      await producer.disconnect();
      // A reminder being sent finishes; the rest wait in the database for the next worker.
      await timers?.stop();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

// Stores the batch, retrying what the database cannot take yet with growing waits, then commits
// its offsets. Gives up uncommitted when the worker stops or the partition is no longer ours:
// whoever reads it next stores it, and nothing twice.
async function handleBatch(
  context: BatchContext,
  payload: EachBatchPayload,
  rules: AdmissionRules,
  { current, wentOn, storing }: { current: () => boolean; wentOn: () => boolean; storing: LimitFunction },
  stopping: AbortSignal,
): Promise<void> {
  const { batch } = payload;
  const started = performance.now();
  const sentToDlq = new Set<string>();
  let result: StoreResult | null = null;
  for (let attempt = 1; result === null; attempt++) {
    if (!current()) return;
    try {
      // Its turn may come after the partition was taken away (a rebalance meanwhile): then it is not written.
      result = await storing(() =>
        current()
          ? storeMessages(context, { topic: batch.topic, partition: batch.partition, messages: batch.messages, rules, sentToDlq })
          : null,
      );
      if (result === null) return;
    } catch (error) {
      if (stopping.aborted) return;
      const delay = Math.min(MAX_BACKOFF_MS, 100 * 2 ** attempt);
      log.warn({ err: error, attempt, delay, topic: batch.topic, partition: batch.partition }, "batch not stored; retrying");
      const waited = await sleep(delay, true, { signal: stopping }).catch(() => false);
      if (!waited) return;
    }
  }
  if (!current()) return;
  payload.resolveOffset(batch.lastOffset());
  // kafkajs commits a batch's resolved offset as soon as its eachBatch returns. A batch that went on
  // after its partition was paused (detached, above) finishes long after that, and kafkajs's fetch
  // loop may never come back to it when nothing more arrives (the demo seed, which waits for the
  // commit, timed out): it is committed here, by offset. Not every batch: awaited inside eachBatch, a
  // commit per batch held up the partition's next batch (bench:sse p99 307–1,447 ms, 158 ms without).
  if (wentOn()) {
    const next = (BigInt(batch.lastOffset()) + 1n).toString();
    await payload.commitOffsetsIfNecessary({
      topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: next }] }],
    });
  }
  record(batch.topic, result);
  log.info({ topic: batch.topic, partition: batch.partition, messages: batch.messages.length, ...result }, "batch stored");
  metrics().consumerLag.set({ topic: batch.topic, partition: String(batch.partition) }, Number(batch.offsetLag()));
  metrics().batchSeconds.observe((performance.now() - started) / 1000);
}

function record(topic: string, result: StoreResult): void {
  const m = metrics();
  m.eventsConsumed.inc({ topic, outcome: "stored" }, result.events);
  m.eventsConsumed.inc({ topic, outcome: "duplicate" }, result.duplicates);
  m.eventsConsumed.inc({ topic, outcome: "dead_lettered" }, result.deadLetters);
  m.deadLetters.inc({ topic }, result.deadLetters);
  m.notificationsWritten.inc(result.notifications);
  m.notificationsUpdated.inc(result.updated);
  m.unknownRecipients.inc(result.unknownRecipients);
}

async function createTopics(kafka: Kafka, topics: string[], dlqTopic: string, compacted: ReadonlySet<string>): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    // The commands the web process sends (lib/events/commands.ts) go to a topic made here with the rest.
    const created = await ensureTopics(admin, [...topics, dlqTopic, ...COMMAND_TOPICS], 1, compacted);
    if (created.length) log.info({ topics: created }, "created topics");
  } finally {
    await admin.disconnect();
  }
}

// GET /health (JSON, 503 until the consumer has joined and the database answers) and GET /metrics.
function serveHealth(
  port: number,
  token: string | undefined,
  check: () => Promise<{ consumer: string; database: string }>,
): Promise<http.Server> {
  const server = http.createServer((request, response) => {
    if (request.url === "/metrics" && !metricsAllowed(request.headers.authorization, token)) {
      response.writeHead(401, { "Content-Type": "application/json", "WWW-Authenticate": 'Bearer realm="metrics"' });
      response.end(JSON.stringify({ error: { code: "unauthorized", message: "The metrics need Authorization: Bearer <METRICS_TOKEN>." } }));
      return;
    }
    if (request.url === "/metrics") {
      void metrics()
        .registry.metrics()
        .then((text) => {
          response.writeHead(200, { "Content-Type": metrics().registry.contentType });
          response.end(text);
        });
      return;
    }
    void check().then((status) => {
      const ok = status.consumer === "joined" && status.database === "up";
      response.writeHead(ok ? 200 : 503, { "Content-Type": "application/json" });
      response.end(JSON.stringify({ status: ok ? "ok" : "unavailable", ...status }));
    });
  });
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve(server)));
}
