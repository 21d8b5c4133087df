import type { DecodedEvent } from "../events/cloud-event";
import type { DeadLetter } from "../events/dead-letter";
import { storeDeadLetters } from "../events/store-dead-letters";
import type { PrismaClient } from "../generated/prisma/client";

// The worker's write path: one transaction per Kafka batch (its events and its dead letters), the
// same few set-based statements whatever the batch size, and one NOTIFY that is delivered when
// (and only if) the batch commits. Raw SQL because Prisma cannot say `unnest` or call a function.

/** The channel of the worker's NOTIFY: `{"u":[[userId, lastSeq], …]}`, or `{"u":null}` (check everyone). */
export const NOTIFY_CHANNEL = "gw_notifications";

export interface StoredEvent extends DecodedEvent {
  topic: string;
  partition: number;
  offset: string;
}

export interface StoreResult {
  events: number;
  duplicates: number;
  notifications: number;
  unknownRecipients: number;
  /** Stored notifications that the batch's events changed (PRODUCT.md §11). */
  updated: number;
  deadLetters: number;
  /** Directory batches: people it deactivated. */
  peopleLeft?: number;
}

// One round trip per batch: the store_notification_batch function (migration
// 20261125030000_store_batch_function) inserts the events, resolves audiences to people, takes
// each person's next cursors under a row lock and sends the NOTIFY, all in the statement's own
// transaction. A batch with dead letters records them in the same transaction.
export async function storeBatch(
  prisma: PrismaClient,
  { events, deadLetters }: { events: StoredEvent[]; deadLetters: DeadLetter[] },
): Promise<StoreResult> {
  const empty = { events: 0, duplicates: 0, notifications: 0, unknownRecipients: 0, updated: 0, deadLetters: 0 };
  if (events.length === 0 && deadLetters.length === 0) return empty;
  if (deadLetters.length === 0) return stored(events, await storeEvents(prisma, events));
  if (events.length === 0) return { ...empty, deadLetters: await storeDeadLetters(prisma, deadLetters) };
  const [recorded, counts] = await prisma.$transaction([storeDeadLetters(prisma, deadLetters), storeEvents(prisma, events)]);
  return { ...stored(events, counts), deadLetters: recorded };
}

interface BatchCounts {
  stored_events: number;
  stored_notifications: number;
  unknown_recipients: number;
  updated_notifications: number;
}

function storeEvents(prisma: PrismaClient, events: StoredEvent[]) {
  return prisma.$queryRaw<BatchCounts[]>`
    SELECT * FROM store_notification_batch(
      ${events.map((e) => e.envelope.source)}::text[],
      ${events.map((e) => e.envelope.id)}::text[],
      ${events.map((e) => e.type)}::text[],
      ${events.map((e) => e.envelope.subject ?? null)}::text[],
      ${events.map((e) => e.envelope.time ?? null)}::timestamptz[],
      ${events.map((e) => e.actor?.id ?? null)}::text[],
      ${events.map((e) => e.json)}::jsonb[],
      ${events.map((e) => e.topic)}::text[],
      ${events.map((e) => e.partition)}::int[],
      ${events.map((e) => e.offset)}::bigint[],
      ${events.map((e) => JSON.stringify(e.audience))}::jsonb[],
      ${events.map((e) => (e.effect ? JSON.stringify(e.effect) : null))}::jsonb[])`;
}

// The function returns exactly one row.
function stored(
  events: StoredEvent[],
  [counts = { stored_events: 0, stored_notifications: 0, unknown_recipients: 0, updated_notifications: 0 }]: BatchCounts[],
): StoreResult {
  return {
    events: counts.stored_events,
    duplicates: events.length - counts.stored_events,
    notifications: counts.stored_notifications,
    unknownRecipients: counts.unknown_recipients,
    updated: counts.updated_notifications,
    deadLetters: 0,
  };
}
