import type { KafkaMessage, Producer } from "kafkajs";
import { databaseFailure, isDataError } from "../lib/db/database-errors";
import { storeDirectoryBatch } from "../lib/directory/store-directory-batch";
import { type AdmissionRules, admissionProblem } from "../lib/events/admission";
import { decodeEvent } from "../lib/events/cloud-event";
import { type DeadLetter, deadLetterOf, dlqMessage, dlqRequests } from "../lib/events/dead-letter";
import type { PrismaClient } from "../lib/generated/prisma/client";
import { logger } from "../lib/log";
import { type StoredEvent, type StoreResult, storeBatch } from "../lib/notifications/store-batch";

// One Kafka batch of one partition, from bytes to rows: decode and admit each message, send the
// unusable ones to the DLQ, store the rest with their dead letters in one transaction. If the
// database still refuses the batch for its data, the offending messages are found by halving and
// dead-lettered with the database's own words; the rest is stored, in order. Any other failure is
// thrown for the caller to retry: the (source, id) key makes a retry store nothing twice.

export interface BatchContext {
  prisma: PrismaClient;
  producer: Producer;
  dlqTopic: string;
}

export interface PartitionBatch {
  topic: string;
  partition: number;
  messages: KafkaMessage[];
  rules: AdmissionRules;
  /** Offsets already sent to the DLQ by an earlier attempt at this batch (not sent again). */
  sentToDlq: Set<string>;
}

interface Rejected {
  letter: DeadLetter;
  original: KafkaMessage;
}

const log = logger("worker");

type Store = (prisma: PrismaClient, batch: { events: StoredEvent[]; deadLetters: DeadLetter[] }) => Promise<StoreResult>;

export async function storeMessages(context: BatchContext, batch: PartitionBatch): Promise<StoreResult> {
  // The directory's topic changes who people are; every other topic notifies them.
  const store: Store = batch.rules.topicService === "directory" ? storeDirectoryBatch : storeBatch;
  const { events, rejected } = admitAll(batch);
  await sendToDlq(context, batch, rejected);
  const letters = rejected.map((r) => r.letter);
  try {
    return await store(context.prisma, { events, deadLetters: letters });
  } catch (error) {
    if (!isDataError(error)) throw error;
    log.warn(
      { topic: batch.topic, partition: batch.partition, reason: databaseFailure(error).message },
      "batch refused; finding the messages",
    );
  }
  const originals = new Map(batch.messages.map((message) => [message.offset, message]));
  const result = { events: 0, duplicates: 0, notifications: 0, unknownRecipients: 0, updated: 0, deadLetters: 0 };
  const refused: Rejected[] = [];
  await storeHalving(store, context.prisma, events, result, (event, reason) => {
    const original = originals.get(event.offset);
    if (original) refused.push({ letter: deadLetterOf(batch.topic, batch.partition, original, reason), original });
  });
  await sendToDlq(context, batch, refused);
  result.deadLetters = (
    await storeBatch(context.prisma, { events: [], deadLetters: [...letters, ...refused.map((r) => r.letter)] })
  ).deadLetters;
  return result;
}

function admitAll({ topic, partition, messages, rules }: PartitionBatch): { events: StoredEvent[]; rejected: Rejected[] } {
  const events: StoredEvent[] = [];
  const rejected: Rejected[] = [];
  for (const message of messages) {
    const decoded = decodeEvent(message.value);
    const reason = decoded.ok ? admissionProblem(decoded.event, rules) : decoded.reason;
    if (decoded.ok && reason === null) {
      events.push({ ...decoded.event, topic, partition, offset: message.offset });
    } else {
      const why = reason ?? "unusable";
      rejected.push({ letter: deadLetterOf(topic, partition, message, why), original: message });
      log.warn({ topic, partition, offset: message.offset, reason: why }, "unusable message sent to the DLQ");
    }
  }
  return { events, rejected };
}

// Stores what it can in batch order: a refused part is halved until the message that causes it is
// alone. k bad messages among n cost about k·log2(n) extra statements.
async function storeHalving(
  store: Store,
  prisma: PrismaClient,
  events: StoredEvent[],
  total: StoreResult,
  refuse: (event: StoredEvent, reason: string) => void,
): Promise<void> {
  if (events.length === 0) return;
  try {
    const result = await store(prisma, { events, deadLetters: [] });
    total.events += result.events;
    total.peopleLeft = (total.peopleLeft ?? 0) + (result.peopleLeft ?? 0);
    total.duplicates += result.duplicates;
    total.notifications += result.notifications;
    total.unknownRecipients += result.unknownRecipients;
    total.updated += result.updated;
    return;
  } catch (error) {
    if (!isDataError(error)) throw error;
    const [only] = events;
    if (events.length === 1 && only) {
      refuse(only, `the database refused it: ${databaseFailure(error).message}`);
      return;
    }
  }
  const half = Math.ceil(events.length / 2);
  await storeHalving(store, prisma, events.slice(0, half), total, refuse);
  await storeHalving(store, prisma, events.slice(half), total, refuse);
}

async function sendToDlq(context: BatchContext, batch: PartitionBatch, rejected: Rejected[]): Promise<void> {
  const unsent = rejected.filter(({ original }) => !batch.sentToDlq.has(original.offset));
  if (unsent.length === 0) return;
  const failedAt = new Date();
  const send = async (items: Rejected[], cut: boolean): Promise<void> => {
    const messages = items.map(({ original, letter }) => dlqMessage(original, letter, failedAt, { cut }));
    try {
      await context.producer.send({ topic: context.dlqTopic, acks: -1, messages });
    } catch (error) {
      // The DLQ topic may take less than the topic the message came from: split, then cut the value.
      if ((error as { type?: string }).type !== "MESSAGE_TOO_LARGE" || (cut && items.length === 1)) throw error;
      const half = Math.ceil(items.length / 2);
      if (items.length === 1) return send(items, true);
      await send(items.slice(0, half), cut);
      await send(items.slice(half), cut);
    }
  };
  for (const request of dlqRequests(unsent, ({ original, letter }) => dlqMessage(original, letter, failedAt))) {
    await send(request, false);
    for (const { original } of request) batch.sentToDlq.add(original.offset);
  }
}
