import type { Admin } from "kafkajs";
import { DLQ_TOPIC, EVENT_TOPICS } from "./catalog";

// The four service topics and the DLQ, created with 3 partitions when missing (docs/events.md).
export const PARTITIONS = 3;

export async function ensureTopics(
  admin: Admin,
  topics: string[] = [...EVENT_TOPICS, DLQ_TOPIC],
  replicationFactor = 1,
): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((topic) => !existing.has(topic));
  if (missing.length === 0) return [];
  await admin.createTopics({
    waitForLeaders: true,
    topics: missing.map((topic) => ({ topic, numPartitions: PARTITIONS, replicationFactor })),
  });
  return missing;
}
