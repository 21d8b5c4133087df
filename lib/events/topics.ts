import type { Admin } from "kafkajs";
import { DLQ_TOPIC, EVENT_TOPICS, SERVICES } from "./catalog";
import { COMMAND_TOPICS } from "./commands";

// The service topics, the DLQ and the topics of our commands, created with 3 partitions when missing (docs/events.md). The
// directory's topic is compacted: Kafka keeps the latest change of each person and department, so
// it stays a full copy of the directory however long it runs.
export const PARTITIONS = 3;
const COMPACTED = new Set<string>(Object.values(SERVICES).flatMap((service) => ("compacted" in service ? [service.topic] : [])));

export async function ensureTopics(
  admin: Admin,
  topics: string[] = [...EVENT_TOPICS, DLQ_TOPIC, ...COMMAND_TOPICS],
  replicationFactor = 1,
  compacted: ReadonlySet<string> = COMPACTED,
): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((topic) => !existing.has(topic));
  if (missing.length === 0) return [];
  await admin.createTopics({
    waitForLeaders: true,
    topics: missing.map((topic) => ({
      topic,
      numPartitions: PARTITIONS,
      replicationFactor,
      ...(compacted.has(topic) ? { configEntries: [{ name: "cleanup.policy", value: "compact" }] } : {}),
    })),
  });
  return missing;
}
