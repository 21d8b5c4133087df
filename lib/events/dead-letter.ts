import type { KafkaMessage, Message } from "kafkajs";
import type { DeadLetter } from "../notifications/store-batch";
import { MAX_EVENT_BYTES } from "./cloud-event";

// The DLQ message of PRODUCT.md §4: the original bytes and key, with why and where from in headers.
export const DLQ_HEADERS = {
  reason: "dlq-reason",
  topic: "dlq-source-topic",
  partition: "dlq-source-partition",
  offset: "dlq-source-offset",
  failedAt: "dlq-failed-at",
} as const;

export function deadLetterOf(topic: string, partition: number, message: KafkaMessage, reason: string): DeadLetter {
  const value = message.value ?? Buffer.alloc(0);
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key?.toString("utf8") ?? null,
    reason,
    payload: value.subarray(0, MAX_EVENT_BYTES),
    payloadSize: value.length,
  };
}

export function dlqMessage(original: KafkaMessage, letter: DeadLetter, failedAt: Date): Message {
  return {
    key: original.key,
    value: original.value,
    headers: {
      ...original.headers,
      [DLQ_HEADERS.reason]: letter.reason,
      [DLQ_HEADERS.topic]: letter.topic,
      [DLQ_HEADERS.partition]: String(letter.partition),
      [DLQ_HEADERS.offset]: letter.offset,
      [DLQ_HEADERS.failedAt]: failedAt.toISOString(),
    },
  };
}
