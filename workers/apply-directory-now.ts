import { randomUUID } from "node:crypto";
import { Kafka, logLevel } from "kafkajs";
import type { Env } from "../lib/env";
import { DLQ_TOPIC, TOPICS } from "../lib/events/catalog";
import { kafkaSecurity } from "../lib/events/kafka-client";
import type { PrismaClient } from "../lib/generated/prisma/client";
import { startWorkerRuntime } from "./runtime";

/** How long a seed waits for the directory's topic to be applied. */
const TIMEOUT_MS = 120_000;

/**
 * Applies everything on the directory's topic now, through the worker's own path, then stops: a
 * first start (or the demo seed) needs its people before the web app is up. It reads the whole
 * (compacted) topic in a consumer group of its own, made for this run, so neither a worker already
 * running nor a member an earlier run left behind holds it up; the worker applies the same changes
 * too, which changes nothing (the newest change per person wins either way).
 */
export async function applyDirectoryNow({ env, brokers, prisma }: { env: Env; brokers: string[]; prisma: PrismaClient }): Promise<void> {
  const topic = TOPICS.directory;
  const groupId = `${env.KAFKA_GROUP_ID}.directory-now.${randomUUID()}`;
  const worker = await startWorkerRuntime({
    env: { ...env, WORKER_PORT: 0, KAFKA_GROUP_ID: groupId },
    brokers,
    prisma,
    topics: { directory: topic },
    dlqTopic: DLQ_TOPIC,
  });
  const admin = new Kafka({
    clientId: `${env.KAFKA_CLIENT_ID}-directory`,
    brokers,
    logLevel: logLevel.NOTHING,
    ...kafkaSecurity(env),
  }).admin();
  await admin.connect();
  try {
    const deadline = Date.now() + TIMEOUT_MS;
    for (;;) {
      const behind = await partitionsBehind(admin, groupId, topic);
      if (behind.length === 0) break;
      if (Date.now() > deadline) {
        throw new Error(`the directory's topic was not applied within ${TIMEOUT_MS / 1000} s (behind: ${behind.join("; ")})`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    await admin.disconnect();
    await worker.close();
  }
}

/** The partitions whose end the group has not committed yet, as "partition p: committed c of h". */
async function partitionsBehind(admin: ReturnType<Kafka["admin"]>, groupId: string, topic: string): Promise<string[]> {
  const [ends, [committed]] = await Promise.all([admin.fetchTopicOffsets(topic), admin.fetchOffsets({ groupId, topics: [topic] })]);
  return ends.flatMap(({ partition, high }) => {
    const done = committed?.partitions.find((p) => p.partition === partition);
    if (Number(high) === 0 || (done !== undefined && Number(done.offset) >= Number(high))) return [];
    return [`partition ${partition}: committed ${done?.offset ?? "nothing"} of ${high}`];
  });
}
