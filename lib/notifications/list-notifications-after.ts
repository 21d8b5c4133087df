import type pg from "pg";
import { NOTIFICATION_COLUMNS, NOTIFICATION_FROM } from "./notification-columns";
import { fromRaw, type NotificationRow, type RawNotificationRow } from "./notification-item";

// node-postgres returns BIGINT as a string.
type Row = Omit<RawNotificationRow, "id" | "seq"> & { user_id: string; id: string; seq: string };

// What the live stream sends: for each user, the notifications after the cursor it last sent,
// oldest first, at most REPLAY_LIMIT each. One indexed query for all the users a NOTIFY names,
// run on the hub's own connection (the one that LISTENs), so the hot path skips Prisma's layer.
export const REPLAY_LIMIT = 500;

export async function listNotificationsAfter(
  connection: pg.ClientBase,
  cursors: { userId: string; after: bigint }[],
): Promise<(NotificationRow & { userId: string })[]> {
  if (cursors.length === 0) return [];
  const { rows } = await connection.query<Row>(
    `SELECT c.user_id, p.*
    FROM unnest($1::text[], $2::bigint[]) AS c(user_id, after)
    CROSS JOIN LATERAL (
      SELECT ${NOTIFICATION_COLUMNS}
      FROM ${NOTIFICATION_FROM}
      WHERE n.user_id = c.user_id AND n.seq > c.after
      ORDER BY n.seq
      LIMIT ${REPLAY_LIMIT}
    ) p
    ORDER BY c.user_id, p.seq`,
    [cursors.map((c) => c.userId), cursors.map((c) => c.after.toString())],
  );
  return rows.map((row) => ({ ...fromRaw({ ...row, id: BigInt(row.id), seq: BigInt(row.seq) }), userId: row.user_id }));
}
