import type { KafkaMessage, Message } from "kafkajs";
import { MAX_EVENT_BYTES } from "./cloud-event";
import { storableText } from "./storable";

// The DLQ message (docs/events.md, "Dead letters"): the original bytes and key, with why and where from in headers.
export const DLQ_HEADERS = {
  reason: "dlq-reason",
  topic: "dlq-source-topic",
  partition: "dlq-source-partition",
  offset: "dlq-source-offset",
  failedAt: "dlq-failed-at",
  /** Set when the value had to be cut to fit: the original's size in bytes. */
  truncatedFrom: "dlq-truncated-from",
} as const;

/**
 * The most one DLQ request carries. Kafka refuses a record batch over the topic's
 * max.message.bytes (1 MiB by default) and kafkajs sends a partition's messages as one batch, so
 * many bad messages go in several requests.
 */
export const MAX_DLQ_REQUEST_BYTES = 768 * 1024;

/** A message the worker could not use, as recorded for the admin pages. */
export interface DeadLetter {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  reason: string;
  payload: Buffer;
  payloadSize: number;
}

// The key and the reason are shown as text and may hold whatever a producer sent (a reason quotes
// an unknown type): what the database cannot keep as text is replaced, the bytes stay in payload.
export function deadLetterOf(topic: string, partition: number, message: KafkaMessage, reason: string): DeadLetter {
  const value = message.value ?? Buffer.alloc(0);
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key ? storableText(message.key.toString("utf8")) : null,
    reason: storableText(reason),
    payload: value.subarray(0, MAX_EVENT_BYTES),
    payloadSize: value.length,
  };
}

/** The DLQ copy of a message; `cut` when the whole value did not fit the DLQ topic (its size goes in a header). */
export function dlqMessage(original: KafkaMessage, letter: DeadLetter, failedAt: Date, { cut = false } = {}): Message {
  const value = original.value ?? null;
  cut &&= value !== null && value.length > MAX_EVENT_BYTES;
  return {
    key: original.key,
    value: cut ? (value?.subarray(0, MAX_EVENT_BYTES) ?? null) : value,
    headers: {
      ...original.headers,
      [DLQ_HEADERS.reason]: letter.reason,
      [DLQ_HEADERS.topic]: letter.topic,
      [DLQ_HEADERS.partition]: String(letter.partition),
      [DLQ_HEADERS.offset]: letter.offset,
      [DLQ_HEADERS.failedAt]: failedAt.toISOString(),
      ...(cut ? { [DLQ_HEADERS.truncatedFrom]: String(value?.length) } : {}),
    },
  };
}

/** Items in groups of at most MAX_DLQ_REQUEST_BYTES (their messages' keys, values and headers counted). */
export function dlqRequests<T>(items: T[], messageOf: (item: T) => Message): T[][] {
  const requests: T[][] = [];
  let current: T[] = [];
  let size = 0;
  for (const item of items) {
    const message = messageOf(item);
    const bytes = sizeOf(message);
    if (current.length > 0 && size + bytes > MAX_DLQ_REQUEST_BYTES) {
      requests.push(current);
      current = [];
      size = 0;
    }
    current.push(item);
    size += bytes;
  }
  if (current.length > 0) requests.push(current);
  return requests;
}

function sizeOf(message: Message): number {
  const length = (part: unknown) => (part == null ? 0 : Buffer.byteLength(part as string | Buffer));
  const headers = Object.entries(message.headers ?? {}).reduce((sum, [name, value]) => sum + name.length + length(value), 0);
  // Record overhead (lengths, attributes, timestamps) is a few dozen bytes.
  return length(message.key) + length(message.value) + headers + 64;
}
