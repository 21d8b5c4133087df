import type pg from "pg";
import { mutedSql } from "../preferences/muted";
import { ACTION_COUNTS_SQL } from "./counts";
import { NOTIFICATION_COLUMNS, NOTIFICATION_FROM } from "./notification-columns";
import { fromRaw, type NotificationRow, type RawNotificationRow } from "./notification-item";

// node-postgres returns BIGINT as a string.
type Row = Omit<RawNotificationRow, "id" | "seq"> & { id: string; seq: string; position: string; updated: boolean };

/** A row for the live stream: a new notification at its own cursor, or a changed one at the cursor its change took. */
export interface StreamRow extends NotificationRow {
  position: bigint;
  updated: boolean;
}

// What the live stream sends: for each user, what came after the cursor it last sent, oldest first,
// at most REPLAY_LIMIT each: new notifications (by seq) and changes of earlier ones (by the position
// in notification_updates), merged by cursor; never what the person muted (PRODUCT.md §13). One
// indexed query for all the users a NOTIFY names, run on the hub's own connection (the one that
// LISTENs), so the hot path skips Prisma's layer.
export const REPLAY_LIMIT = 500;

export async function listNotificationsAfter(
  connection: pg.ClientBase,
  cursors: { userId: string; after: bigint }[],
): Promise<StreamRow[]> {
  if (cursors.length === 0) return [];
  const { rows } = await connection.query<Row>(
    `SELECT p.*
    FROM unnest($1::text[], $2::bigint[]) AS c(user_id, after)
    CROSS JOIN LATERAL (
      SELECT * FROM (
        -- A row back from a snooze has a new cursor of its own, and is a change of an item already sent.
        (SELECT n.seq AS position, n.unsnoozed_at IS NOT NULL AS updated, ${NOTIFICATION_COLUMNS}
         FROM ${NOTIFICATION_FROM}
         WHERE n.user_id = c.user_id AND n.seq > c.after AND NOT ${mutedSql("n")}
         ORDER BY n.seq LIMIT ${REPLAY_LIMIT})
        UNION ALL
        (SELECT u.seq, true, ${NOTIFICATION_COLUMNS}
         FROM notification_updates u JOIN (${NOTIFICATION_FROM}) ON n.id = u.notification_id
         WHERE u.user_id = c.user_id AND u.seq > c.after AND NOT ${mutedSql("n")}
         ORDER BY u.seq LIMIT ${REPLAY_LIMIT})
      ) q ORDER BY position LIMIT ${REPLAY_LIMIT}
    ) p
    ORDER BY p.user_id, p.position`,
    [cursors.map((c) => c.userId), cursors.map((c) => c.after.toString())],
  );
  return rows.map((row) => ({
    ...fromRaw({ ...row, id: BigInt(row.id), seq: BigInt(row.seq) }),
    position: BigInt(row.position),
    updated: row.updated,
  }));
}

/** Each person's open actions (for the stream's frames); people with none are absent. */
export async function actionCounts(connection: pg.ClientBase, userIds: string[]): Promise<Map<string, number>> {
  if (userIds.length === 0) return new Map();
  const { rows } = await connection.query<{ user_id: string; actions: number }>(ACTION_COUNTS_SQL, [userIds]);
  return new Map(rows.map((row) => [row.user_id, row.actions]));
}
