import http from "node:http";
import { Kafka, logLevel, type Consumer, type EachBatchPayload, type KafkaMessage } from "kafkajs";
import type { PrismaClient } from "../lib/generated/prisma/client";
import type { Env } from "../lib/env";
import { EVENT_TOPICS } from "../lib/events/catalog";
import { decodeEvent } from "../lib/events/cloud-event";
import { ensureTopics } from "../lib/events/topics";
import { logger } from "../lib/log";
import { storeEvents, type StoredEvent } from "../lib/notifications/store-events";

// The worker: one kafkajs consumer group over the service topics. Each batch is decoded, written in
// one transaction (which fires one NOTIFY) and only then are its offsets committed, so a crash at
// any point re-reads the batch and the (source, id) key keeps the redelivery from doubling anything.

export interface WorkerDeps {
  env: Env;
  brokers: string[];
  prisma: PrismaClient;
}

export interface WorkerRuntime {
  close(): Promise<void>;
}

const log = logger("worker");
const MAX_BACKOFF_MS = 30_000;

export async function startWorkerRuntime({ env, brokers, prisma }: WorkerDeps): Promise<WorkerRuntime> {
  const kafka = new Kafka({ clientId: env.KAFKA_CLIENT_ID, brokers, logLevel: logLevel.WARN });
  const admin = kafka.admin();
  await admin.connect();
  const created = await ensureTopics(admin);
  await admin.disconnect();
  if (created.length) log.info({ topics: created }, "created topics");

  const consumer = kafka.consumer({ groupId: env.KAFKA_GROUP_ID, allowAutoTopicCreation: false });
  await consumer.connect();
  // A new group starts at the beginning: events published before the first start are not lost.
  await consumer.subscribe({ topics: [...EVENT_TOPICS], fromBeginning: true });
  let joined = false;
  consumer.on(consumer.events.GROUP_JOIN, (e) => {
    joined = true;
    log.info({ memberId: e.payload.memberId, assignment: e.payload.memberAssignment }, "joined consumer group");
  });
  await consumer.run({
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: 3,
    eachBatch: (payload) => handleBatch(prisma, payload),
  });

  const health = serveHealth(env.WORKER_PORT, () => joined);
  return {
    async close() {
      log.info("stopping");
      await consumer.disconnect();
      await new Promise((resolve) => health.close(resolve));
    },
  };
}

async function handleBatch(prisma: PrismaClient, payload: EachBatchPayload): Promise<void> {
  const { batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale } = payload;
  if (batch.messages.length === 0) return;
  const events = decodeAll(batch.topic, batch.partition, batch.messages);

  for (let attempt = 1; ; attempt++) {
    try {
      const result = await storeEvents(prisma, events);
      log.info({ topic: batch.topic, partition: batch.partition, messages: batch.messages.length, ...result }, "batch stored");
      break;
    } catch (error) {
      // Never skip and never crash-loop: wait and try the same batch again. If the group moved on
      // (rebalance, shutdown) give the batch up uncommitted; its new owner reads it again.
      if (!isRunning() || isStale()) throw error;
      const delay = Math.min(MAX_BACKOFF_MS, 250 * 2 ** attempt);
      log.warn({ err: error, attempt, delay, topic: batch.topic, partition: batch.partition }, "batch not stored; retrying");
      await new Promise((resolve) => setTimeout(resolve, delay));
      await heartbeat().catch(() => undefined);
    }
  }
  resolveOffset(batch.lastOffset());
  await commitOffsetsIfNecessary();
}

function decodeAll(topic: string, partition: number, messages: KafkaMessage[]): StoredEvent[] {
  const events: StoredEvent[] = [];
  for (const message of messages) {
    const decoded = decodeEvent(message.value);
    if (decoded.ok) events.push({ ...decoded.event, topic, partition, offset: message.offset });
    // Dead-lettering arrives with the full pipeline; until then, say what was dropped and why.
    else log.warn({ topic, partition, offset: message.offset, reason: decoded.reason }, "unusable message skipped");
  }
  return events;
}

function serveHealth(port: number, ready: () => boolean): http.Server {
  const server = http.createServer((request, response) => {
    const ok = ready();
    response.writeHead(ok ? 200 : 503, { "Content-Type": "application/json" });
    response.end(JSON.stringify({ status: ok ? "ok" : "starting", consumer: ok ? "joined" : "joining" }));
  });
  server.listen(port, "127.0.0.1");
  return server;
}
