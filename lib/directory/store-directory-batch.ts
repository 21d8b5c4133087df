import { type EventData, subjectOf } from "../events/catalog";
import type { DeadLetter } from "../events/dead-letter";
import { storeDeadLetters } from "../events/store-dead-letters";
import type { PrismaClient } from "../generated/prisma/client";
import type { StoredEvent, StoreResult } from "../notifications/store-batch";

// The directory's events of one Kafka batch, applied in one call of apply_directory_batch
// (migration 20261202000000_directory), with the batch's dead letters in the same transaction.
// The batch is first reduced to the last change of each key (person or department): Kafka keeps
// one key's events in order, and of those only the newest by CloudEvent time can win anyway.
export async function storeDirectoryBatch(
  prisma: PrismaClient,
  { events, deadLetters }: { events: StoredEvent[]; deadLetters: DeadLetter[] },
): Promise<StoreResult> {
  const changes = lastChangePerKey(events);
  const apply = prisma.$queryRaw<{ applied: number; ignored: number; left_people: number }[]>`
    SELECT * FROM apply_directory_batch(
      ${changes.map((e) => e.type)}::text[],
      ${changes.map((e) => e.envelope.time ?? null)}::timestamptz[],
      ${changes.map((e) => JSON.stringify(e.envelope.data))}::jsonb[])`;
  const [[counts], recorded] =
    deadLetters.length === 0 ? [await apply, 0] : await prisma.$transaction([apply, storeDeadLetters(prisma, deadLetters)]);
  return {
    events: counts?.applied ?? 0,
    // Older than what the directory already holds, or superseded within the batch.
    duplicates: events.length - (counts?.applied ?? 0),
    notifications: 0,
    unknownRecipients: 0,
    updated: 0,
    deadLetters: recorded,
    peopleLeft: counts?.left_people ?? 0,
  };
}

// Keyed by what the data names (not the subject a producer claims), ordered by the instant (times
// may carry different offsets); of two at one instant the later in the batch wins.
function lastChangePerKey(events: StoredEvent[]): StoredEvent[] {
  const last = new Map<string, { event: StoredEvent; at: number }>();
  for (const event of events) {
    const key = subjectOf(event.type, event.envelope.data as EventData<typeof event.type>) ?? "";
    const at = Date.parse(event.envelope.time ?? "");
    const kept = last.get(key);
    if (!kept || kept.at <= at) last.set(key, { event, at });
  }
  return [...last.values()].map(({ event }) => event);
}
