import { parseId } from "../db/ids";
import { db } from "../db/prisma";
import { AppError } from "../errors";
import type { Counts } from "./counts";
import { countedAndAnnounced, countsFrom, type ReadStateRow } from "./read-state";
import { shown } from "./shown";

// POST /api/notifications/{id}/read and …/unread: one statement that changes the row (only the
// caller's: anyone else's id is simply not found), counts what is still unread, and announces
// the change to the person's other streams.
export async function setReadState({ userId, id, read }: { userId: string; id: string; read: boolean }): Promise<Counts> {
  if (parseId(id) === null) throw new AppError("not_found", "No such notification.");
  const [row] = await db().$queryRaw<ReadStateRow[]>`
    WITH target AS (
      SELECT id, read_at FROM notifications WHERE id = ${id}::bigint AND user_id = ${userId} FOR UPDATE
    ), changed AS (
      UPDATE notifications n
      SET read_at = CASE WHEN ${read}::boolean THEN coalesce(n.read_at, now()) ELSE NULL END
      FROM target WHERE n.id = target.id
      -- A muted notification is in no count: reading it changes none.
      RETURNING (target.read_at IS NULL AND ${shown("n")}) AS was_unread, (n.read_at IS NULL AND ${shown("n")}) AS is_unread
    ), ${countedAndAnnounced(userId, { ids: [id], read })}`;
  if (!row || row.found === 0) throw new AppError("not_found", "No such notification.");
  return countsFrom(row);
}
