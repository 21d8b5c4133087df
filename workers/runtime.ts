import http from "node:http";
import { type EachBatchPayload, Kafka, type KafkaMessage, logLevel, type Producer } from "kafkajs";
import type { Env } from "../lib/env";
import { DLQ_TOPIC, EVENT_TOPICS } from "../lib/events/catalog";
import { decodeEvent } from "../lib/events/cloud-event";
import { deadLetterOf, dlqMessage } from "../lib/events/dead-letter";
import { kafkaSecurity } from "../lib/events/kafka-client";
import { ensureTopics } from "../lib/events/topics";
import type { PrismaClient } from "../lib/generated/prisma/client";
import { logger } from "../lib/log";
import { metrics } from "../lib/metrics";
import { type DeadLetter, type StoredEvent, storeBatch } from "../lib/notifications/store-batch";

// The worker: one kafkajs consumer group over the service topics. Each batch is decoded, its
// unusable messages sent to the DLQ, everything written in one transaction (which fires one
// NOTIFY), and only then are its offsets committed. A crash at any point re-reads the batch, and
// the (source, id) key keeps the redelivery from doubling anything.

export interface WorkerDeps {
  env: Env;
  brokers: string[];
  prisma: PrismaClient;
  /** The topics to consume (tests use topics of their own). */
  topics?: string[];
  dlqTopic?: string;
}

export interface WorkerRuntime {
  /** The port of the health and metrics server. */
  port: number;
  close(): Promise<void>;
}

const log = logger("worker");
// Short enough that the heartbeats between attempts keep the group from giving our partitions away.
const MAX_BACKOFF_MS = 5_000;

export async function startWorkerRuntime(deps: WorkerDeps): Promise<WorkerRuntime> {
  const { env, brokers, prisma, topics = [...EVENT_TOPICS], dlqTopic = DLQ_TOPIC } = deps;
  const kafka = new Kafka({ clientId: env.KAFKA_CLIENT_ID, brokers, logLevel: logLevel.WARN, ...kafkaSecurity(env) });
  await createTopics(kafka, topics, dlqTopic);

  const producer = kafka.producer({ idempotent: true, allowAutoTopicCreation: false });
  await producer.connect();
  const consumer = kafka.consumer({
    groupId: env.KAFKA_GROUP_ID,
    allowAutoTopicCreation: false,
    maxBytesPerPartition: 4 * 1024 * 1024,
    maxBytes: 16 * 1024 * 1024,
    // A worker that dies without leaving the group hands its partitions on after this long.
    sessionTimeout: 10_000,
    heartbeatInterval: 2_000,
    // kafkajs restarts the consumer after a crash (broker gone, coordinator moved) instead of exiting.
    retry: { retries: 10, initialRetryTime: 300, maxRetryTime: 10_000 },
  });
  const state = { joined: false, crashed: false };
  consumer.on(consumer.events.GROUP_JOIN, (event) => {
    state.joined = true;
    log.info({ memberId: event.payload.memberId, assignment: event.payload.memberAssignment }, "joined consumer group");
  });
  consumer.on(consumer.events.CRASH, (event) => {
    log.error({ err: event.payload.error, restart: event.payload.restart }, "consumer crashed");
    state.crashed = !event.payload.restart;
  });
  await consumer.connect();
  // A new group starts at the beginning: events published before the first start are not lost.
  await consumer.subscribe({ topics, fromBeginning: true });
  await consumer.run({
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: 3,
    eachBatch: (payload) => handleBatch({ prisma, producer, dlqTopic }, payload),
  });

  const server = await serveHealth(env.WORKER_PORT, async () => ({
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
      // Stops fetching, lets the batch in hand finish or gives it up uncommitted, leaves the group.
      await consumer.disconnect();
      await producer.disconnect();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

interface BatchContext {
  prisma: PrismaClient;
  producer: Producer;
  dlqTopic: string;
}

async function handleBatch(context: BatchContext, payload: EachBatchPayload): Promise<void> {
  const { batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale } = payload;
  if (batch.messages.length === 0) return;
  const started = performance.now();
  const { events, deadLetters, originals } = decodeAll(batch.topic, batch.partition, batch.messages);
  let dlqSent = deadLetters.length === 0;

  for (let attempt = 1; ; attempt++) {
    try {
      if (!dlqSent) {
        const failedAt = new Date();
        await context.producer.send({
          topic: context.dlqTopic,
          acks: -1,
          messages: originals.map((original, i) => dlqMessage(original, deadLetters[i] as DeadLetter, failedAt)),
        });
        dlqSent = true;
      }
      const result = await storeBatch(context.prisma, { events, deadLetters });
      record(batch.topic, result, deadLetters.length);
      log.info({ topic: batch.topic, partition: batch.partition, messages: batch.messages.length, ...result }, "batch stored");
      break;
    } catch (error) {
      // Never skip and never crash-loop: wait and try the same batch again. If the group moved on
      // (rebalance, shutdown) give the batch up uncommitted; whoever owns it next reads it again.
      if (!isRunning() || isStale()) throw error;
      const delay = Math.min(MAX_BACKOFF_MS, 100 * 2 ** attempt);
      log.warn({ err: error, attempt, delay, topic: batch.topic, partition: batch.partition }, "batch not stored; retrying");
      await new Promise((resolve) => setTimeout(resolve, delay));
      await heartbeat().catch(() => undefined);
    }
  }
  resolveOffset(batch.lastOffset());
  await commitOffsetsIfNecessary();
  metrics().consumerLag.set({ topic: batch.topic, partition: String(batch.partition) }, Number(batch.offsetLag()));
  metrics().batchSeconds.observe((performance.now() - started) / 1000);
}

function decodeAll(topic: string, partition: number, messages: KafkaMessage[]) {
  const events: StoredEvent[] = [];
  const deadLetters: DeadLetter[] = [];
  const originals: KafkaMessage[] = [];
  for (const message of messages) {
    const decoded = decodeEvent(message.value);
    if (decoded.ok) {
      events.push({ ...decoded.event, topic, partition, offset: message.offset });
    } else {
      deadLetters.push(deadLetterOf(topic, partition, message, decoded.reason));
      originals.push(message);
      log.warn({ topic, partition, offset: message.offset, reason: decoded.reason }, "unusable message sent to the DLQ");
    }
  }
  return { events, deadLetters, originals };
}

function record(topic: string, result: Awaited<ReturnType<typeof storeBatch>>, deadLetters: number): void {
  const m = metrics();
  m.eventsConsumed.inc({ topic, outcome: "stored" }, result.events);
  m.eventsConsumed.inc({ topic, outcome: "duplicate" }, result.duplicates);
  m.eventsConsumed.inc({ topic, outcome: "dead_lettered" }, deadLetters);
  m.deadLetters.inc({ topic }, deadLetters);
  m.notificationsWritten.inc(result.notifications);
  m.unknownRecipients.inc(result.unknownRecipients);
}

async function createTopics(kafka: Kafka, topics: string[], dlqTopic: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const created = await ensureTopics(admin, [...topics, dlqTopic]);
    if (created.length) log.info({ topics: created }, "created topics");
  } finally {
    await admin.disconnect();
  }
}

// GET /health (JSON, 503 until the consumer has joined and the database answers) and GET /metrics.
function serveHealth(port: number, check: () => Promise<{ consumer: string; database: string }>): Promise<http.Server> {
  const server = http.createServer((request, response) => {
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
