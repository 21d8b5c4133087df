import type { PrismaClient } from "../generated/prisma/client";
import type { DecodedEvent } from "../events/cloud-event";

// The worker's write path: one transaction per Kafka batch (its events and its dead letters), a handful of set-based statements
// whatever the batch size, and one NOTIFY that is delivered when (and only if) the batch commits.
// Raw SQL because Prisma cannot say `unnest` inserts, ON CONFLICT … RETURNING or pg_notify.

export const NOTIFY_CHANNEL = "gw_notifications";
// Postgres caps a NOTIFY payload at 8000 bytes; past this the listeners are told to check everyone.
const MAX_PAYLOAD = 7000;

export interface StoredEvent extends DecodedEvent {
  topic: string;
  partition: number;
  offset: string;
}

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

export interface StoreResult {
  events: number;
  duplicates: number;
  notifications: number;
  unknownRecipients: number;
  deadLetters: number;
}

type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

export async function storeBatch(
  prisma: PrismaClient,
  { events, deadLetters }: { events: StoredEvent[]; deadLetters: DeadLetter[] },
): Promise<StoreResult> {
  const empty = { events: 0, duplicates: 0, notifications: 0, unknownRecipients: 0, deadLetters: 0 };
  if (events.length === 0 && deadLetters.length === 0) return empty;
  const directory = events.length ? await loadDirectory(prisma, events) : null;
  return prisma.$transaction(
    async (tx) => {
      const recorded = await recordDeadLetters(tx, deadLetters);
      if (!directory) return { ...empty, deadLetters: recorded };
      const inserted = await tx.$queryRaw<{ id: bigint; key: string }[]>`
        INSERT INTO events (source, event_id, type, subject, time, actor_id, cloud_event, topic, partition, kafka_offset)
        SELECT * FROM unnest(
          ${events.map((e) => e.envelope.source)}::text[],
          ${events.map((e) => e.envelope.id)}::text[],
          ${events.map((e) => e.type)}::text[],
          ${events.map((e) => e.envelope.subject ?? null)}::text[],
          ${events.map((e) => e.envelope.time ?? null)}::timestamptz[],
          ${events.map((e) => e.actor?.id ?? null)}::text[],
          ${events.map((e) => JSON.stringify(e.envelope))}::jsonb[],
          ${events.map((e) => e.topic)}::text[],
          ${events.map((e) => e.partition)}::int[],
          ${events.map((e) => e.offset)}::bigint[])
        ON CONFLICT (source, event_id) DO NOTHING
        RETURNING id, source || ' ' || event_id AS key`;

      const byKey = new Map(events.map((e) => [`${e.envelope.source} ${e.envelope.id}`, e]));
      const rows: { userId: string; eventPk: bigint; source: string; type: string }[] = [];
      let unknownRecipients = 0;
      for (const { id, key } of inserted) {
        const event = byKey.get(key)!;
        const { userIds, unknown } = resolveRecipients(event, directory);
        unknownRecipients += unknown;
        for (const userId of userIds) rows.push({ userId, eventPk: id, source: event.envelope.source, type: event.type });
      }
      if (rows.length === 0) {
        return {
          events: inserted.length,
          duplicates: events.length - inserted.length,
          notifications: 0,
          unknownRecipients,
          deadLetters: recorded,
        };
      }

      const counts = new Map<string, number>();
      for (const row of rows) counts.set(row.userId, (counts.get(row.userId) ?? 0) + 1);
      const userIds = [...counts.keys()].sort();
      // Lock in a fixed order so two workers touching the same people wait instead of deadlocking.
      await tx.$queryRaw`SELECT id FROM users WHERE id = ANY(${userIds}::text[]) ORDER BY id FOR UPDATE`;
      const bumped = await tx.$queryRaw<{ id: string; seq: bigint }[]>`
        UPDATE users SET notification_seq = users.notification_seq + c.n
        FROM unnest(${userIds}::text[], ${userIds.map((u) => counts.get(u)!)}::int[]) AS c(id, n)
        WHERE users.id = c.id
        RETURNING users.id, users.notification_seq AS seq`;

      const next = new Map(bumped.map((b) => [b.id, b.seq - BigInt(counts.get(b.id)!)]));
      const seqs = rows.map((row) => {
        const seq = next.get(row.userId)! + 1n;
        next.set(row.userId, seq);
        return seq.toString();
      });
      await tx.$executeRaw`
        INSERT INTO notifications (user_id, seq, event_pk, source, type)
        SELECT * FROM unnest(
          ${rows.map((r) => r.userId)}::text[],
          ${seqs}::bigint[],
          ${rows.map((r) => r.eventPk.toString())}::bigint[],
          ${rows.map((r) => r.source)}::text[],
          ${rows.map((r) => r.type)}::text[])`;
      await tx.$executeRaw`SELECT pg_notify(${NOTIFY_CHANNEL}, ${notifyPayload(bumped)})`;
      return {
        events: inserted.length,
        duplicates: events.length - inserted.length,
        notifications: rows.length,
        unknownRecipients,
        deadLetters: recorded,
      };
    },
    { timeout: 60_000, maxWait: 10_000 },
  );
}

async function recordDeadLetters(tx: Tx, deadLetters: DeadLetter[]): Promise<number> {
  if (deadLetters.length === 0) return 0;
  return tx.$executeRaw`
    INSERT INTO dead_letters (topic, partition, kafka_offset, message_key, reason, payload, payload_size)
    SELECT * FROM unnest(
      ${deadLetters.map((d) => d.topic)}::text[],
      ${deadLetters.map((d) => d.partition)}::int[],
      ${deadLetters.map((d) => d.offset)}::bigint[],
      ${deadLetters.map((d) => d.key)}::text[],
      ${deadLetters.map((d) => d.reason)}::text[],
      ${deadLetters.map((d) => "\\x" + d.payload.toString("hex"))}::bytea[],
      ${deadLetters.map((d) => d.payloadSize)}::int[])
    ON CONFLICT (topic, partition, kafka_offset) DO NOTHING`;
}

/** `{"u":[[userId, lastSeq], …]}`, or `{"u":null}` (check every listener) when too big for NOTIFY. */
export function notifyPayload(bumped: { id: string; seq: bigint }[]): string {
  const payload = JSON.stringify({ u: bumped.map((b) => [b.id, Number(b.seq)]) });
  return payload.length <= MAX_PAYLOAD ? payload : JSON.stringify({ u: null });
}

interface Directory {
  known: Set<string>;
  members: Map<string, string[]>;
  everyone: string[] | null;
}

async function loadDirectory(prisma: PrismaClient, events: StoredEvent[]): Promise<Directory> {
  const userIds = new Set<string>();
  const departmentIds = new Set<string>();
  let all = false;
  for (const { audience, actor } of events) {
    if ("all" in audience) all = true;
    else if ("departmentIds" in audience) audience.departmentIds.forEach((d) => departmentIds.add(d));
    else audience.userIds.forEach((u) => userIds.add(u));
    if (actor) userIds.add(actor.id);
  }
  const people = await prisma.user.findMany({
    where: all ? {} : { OR: [{ id: { in: [...userIds] } }, { departmentId: { in: [...departmentIds] } }] },
    select: { id: true, departmentId: true },
  });
  // Indexed once per batch, so resolving each event costs its audience, not the directory.
  const members = new Map<string, string[]>();
  for (const { id, departmentId } of people) {
    const list = members.get(departmentId);
    if (list) list.push(id);
    else members.set(departmentId, [id]);
  }
  return { known: new Set(people.map((p) => p.id)), members, everyone: all ? people.map((p) => p.id) : null };
}

function resolveRecipients(event: StoredEvent, directory: Directory): { userIds: string[]; unknown: number } {
  const { audience, actor } = event;
  let candidates: string[];
  let unknown = 0;
  if ("all" in audience) candidates = directory.everyone ?? [];
  else if ("departmentIds" in audience) {
    candidates = [...new Set(audience.departmentIds)].flatMap((d) => directory.members.get(d) ?? []);
  } else {
    candidates = [...new Set(audience.userIds)];
    unknown = candidates.filter((u) => !directory.known.has(u)).length;
    candidates = candidates.filter((u) => directory.known.has(u));
  }
  return { userIds: candidates.filter((u) => u !== actor?.id), unknown };
}
