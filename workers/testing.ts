import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { type Admin, Kafka, logLevel, type Message } from "kafkajs";
import { kafkaBrokers, parseEnv } from "../lib/env";
import type { PrismaClient } from "../lib/generated/prisma/client";
import { isPortFree } from "../scripts/infra/ports";
import { startWorkerRuntime, type WorkerRuntime } from "./runtime";

// Helpers for the worker's integration tests: each test gets topics and a consumer group of its
// own on the broker npm test started, so tests never read each other's messages.

export interface TestTopics {
  approval: string;
  board: string;
  calendar: string;
  dlq: string;
  all: string[];
  /** The worker's topics setting: each service's topic. */
  services: { approval: string; board: string; calendar: string };
}

export function uniqueTopics(): TestTopics {
  const id = randomUUID().slice(0, 8);
  const approval = `test-${id}.approval`;
  const board = `test-${id}.board`;
  const calendar = `test-${id}.calendar`;
  return { approval, board, calendar, dlq: `test-${id}.dlq`, all: [approval, board, calendar], services: { approval, board, calendar } };
}

export function startTestWorker(prisma: PrismaClient, topics: TestTopics, groupId = `test-${randomUUID()}`): Promise<WorkerRuntime> {
  const env = { ...parseEnv(), WORKER_PORT: 0, KAFKA_GROUP_ID: groupId };
  return startWorkerRuntime({ env, brokers: kafkaBrokers(), prisma, topics: topics.services, dlqTopic: topics.dlq });
}

/** A free port for a worker process's health and metrics server. */
export async function freeWorkerPort(): Promise<number> {
  let port = 3300 + Math.floor(Math.random() * 500);
  while (!(await isPortFree(port))) port++;
  return port;
}

/** The worker as a real process (workers/index.ts) on the service topics; resolves once it joined. */
export async function spawnWorker(groupId: string): Promise<{ child: ChildProcess; port: number }> {
  const port = await freeWorkerPort();
  const child = spawn(process.execPath, ["--import", "tsx", "workers/index.ts"], {
    env: { ...process.env, KAFKA_GROUP_ID: groupId, WORKER_PORT: String(port), SERVICE_NAME: "worker", LOG_LEVEL: "error" },
    stdio: ["ignore", "inherit", "inherit"],
  });
  await eventually(
    async () =>
      (await fetch(`http://127.0.0.1:${port}/health`).then(
        (r) => r.ok,
        () => false,
      ))
        ? true
        : null,
    60_000,
    "the worker joined its group",
  );
  return { child, port };
}

export async function sendRaw(topic: string, messages: Message[]): Promise<void> {
  const producer = new Kafka({ clientId: "test-raw", brokers: kafkaBrokers(), logLevel: logLevel.NOTHING }).producer();
  await producer.connect();
  try {
    await producer.send({ topic, messages, acks: -1 });
  } finally {
    await producer.disconnect();
  }
}

type TopicMessage = { key: string | null; value: Buffer | null; headers: Record<string, string> };

/** Reads every message of a topic from the beginning until `count` have arrived (or `until` holds). */
export async function readTopic(topic: string, count: number | ((seen: TopicMessage[]) => boolean), timeoutMs = 20_000) {
  const kafka = new Kafka({ clientId: "test-reader", brokers: kafkaBrokers(), logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `reader-${randomUUID()}` });
  const seen: TopicMessage[] = [];
  const done = typeof count === "number" ? () => seen.length >= count : () => count(seen);
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
      seen.push({ key: message.key?.toString() ?? null, value: message.value, headers });
    },
  });
  try {
    await eventually(async () => (done() ? true : null), timeoutMs);
    return seen;
  } finally {
    await consumer.disconnect();
  }
}

/** Whether the group has committed every message of the topics (empty partitions count as done). */
export async function caughtUp(admin: Admin, groupId: string, topics: readonly string[]): Promise<boolean> {
  for (const topic of topics) {
    const ends = await admin.fetchTopicOffsets(topic);
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    for (const end of ends) {
      const done = committed?.partitions.find((p) => p.partition === end.partition);
      if (Number(end.high) > 0 && (!done || Number(done.offset) < Number(end.high))) return false;
    }
  }
  return true;
}

export async function eventually<T>(probe: () => Promise<T | null>, timeoutMs = 20_000, what = "condition"): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
