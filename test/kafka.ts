import { randomUUID } from "node:crypto";
import { type Admin, Kafka, logLevel, type Message } from "kafkajs";
import { kafkaBrokers } from "../lib/env";
import { eventually } from "./eventually";

// Kafka as tests use it: bytes straight onto a topic (as a producer with a bug would send them),
// a topic read from its beginning, and whether a consumer group has committed everything.

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
