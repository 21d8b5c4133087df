import { z } from "zod";
import { idSchema } from "../db/ids";
import { db } from "../db/prisma";

// /admin/dead-letters: what the worker could not use, newest first, keyset-paged by id.

export const deadLetterQuerySchema = z.object({
  cursor: idSchema("a dead letter (a cursor returned by this API)").optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

/** How much of a payload the list shows. */
const PREVIEW_BYTES = 2048;

export interface DeadLetterItem {
  id: string;
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  reason: string;
  /** The start of the payload as UTF-8 text (undecodable bytes shown as U+FFFD). */
  preview: string;
  payloadSize: number;
  /** The stored payload is cut at the worker's size limit, so it cannot be replayed as it is. */
  truncated: boolean;
  failedAt: string;
  /** The last replay (every one is kept in dead_letter_replays). */
  replayedAt: string | null;
  replayedBy: string | null;
  replays: number;
}

export async function listDeadLetters(query: z.infer<typeof deadLetterQuerySchema>) {
  const rows = await db().deadLetter.findMany({
    where: query.cursor ? { id: { lt: BigInt(query.cursor) } } : {},
    orderBy: { id: "desc" },
    take: query.limit + 1,
    include: {
      replays: { orderBy: { replayedAt: "desc" }, take: 1, select: { replayedAt: true, replayedBy: true } },
      _count: { select: { replays: true } },
    },
  });
  const page = rows.slice(0, query.limit);
  return {
    items: page.map(
      (row): DeadLetterItem => ({
        id: row.id.toString(),
        topic: row.topic,
        partition: row.partition,
        offset: row.offset.toString(),
        key: row.messageKey,
        reason: row.reason,
        preview: Buffer.from(row.payload.subarray(0, PREVIEW_BYTES)).toString("utf8"),
        payloadSize: row.payloadSize,
        truncated: row.payload.length < row.payloadSize,
        failedAt: row.failedAt.toISOString(),
        replayedAt: row.replays[0]?.replayedAt.toISOString() ?? null,
        replayedBy: row.replays[0]?.replayedBy ?? null,
        replays: row._count.replays,
      }),
    ),
    nextCursor: rows.length > query.limit ? (page.at(-1)?.id.toString() ?? null) : null,
  };
}
