import type pg from "pg";
import { mutedSql } from "../preferences/muted";
import { ACTION_COUNTS_SQL } from "./counts";
import { NOTIFICATION_COLUMNS, NOTIFICATION_FROM, NOTIFICATION_JOINS } from "./notification-columns";
import { fromRaw, type NotificationRow, type RawNotificationRow } from "./notification-item";

// node-postgres returns BIGINT as a string.
// A person without rows after their cursor comes back once, with the row's columns null.
type Row = Omit<RawNotificationRow, "id" | "seq"> & {
  cursor_user: string;
  after: string;
  last_position: string;
  id: string;
  seq: string;
  position: string | null;
  updated: boolean;
  muted: boolean;
};

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

// Notifications are kept in monthly partitions (lib/retention): a person's rows after a cursor may
// be in any of them (a row back from a snooze keeps its month), and probing every month's index
// for every person tripled the read. What the stream reads has almost always just been written, so
// it is read first from the last hour's partitions only. A person's positions are dense (every
// cursor a writer takes is one row: a notification or a change), so the read can tell whether it
// found them all up to the person's last cursor; those it did not complete are read again from
// every partition.
const RECENT = "1 hour";

// The notification a change is about, looked up by its id in each month's primary key. Joined
// plainly, PostgreSQL read every month's notifications once per person of the read instead (a
// nested loop over all of them, materialized: 99 s for 2,000 people in bench:soak's database,
// which stopped the live streams, 2026-12-02); as a LATERAL with LIMIT 1 it can only probe.
const CHANGED_NOTIFICATION = "SELECT * FROM notifications changed WHERE changed.id = u.notification_id LIMIT 1";

function positionsQuery(recent: boolean): string {
  const onlyRecent = (column: string) => (recent ? `AND ${column} >= now() - INTERVAL '${RECENT}'` : "");
  return `SELECT c.user_id AS cursor_user, c.after, person.notification_seq AS last_position, p.*
    FROM unnest($1::text[], $2::bigint[]) AS c(user_id, after)
    JOIN users person ON person.id = c.user_id
    LEFT JOIN LATERAL (
      SELECT * FROM (
        -- A row back from a snooze has a new cursor of its own, and is a change of an item already sent.
        (SELECT n.seq AS position, n.unsnoozed_at IS NOT NULL AS updated, ${mutedSql("n")} AS muted, ${NOTIFICATION_COLUMNS}
         FROM ${NOTIFICATION_FROM}
         WHERE n.user_id = c.user_id AND n.seq > c.after ${onlyRecent("n.created_at")}
         ORDER BY n.seq LIMIT ${REPLAY_LIMIT})
        UNION ALL
        (SELECT u.seq, true, ${mutedSql("n")}, ${NOTIFICATION_COLUMNS}
         FROM notification_updates u CROSS JOIN LATERAL (${CHANGED_NOTIFICATION}) n ${NOTIFICATION_JOINS}
         WHERE u.user_id = c.user_id AND u.seq > c.after ${onlyRecent("u.created_at")}
         ORDER BY u.seq LIMIT ${REPLAY_LIMIT})
      ) q ORDER BY position LIMIT ${REPLAY_LIMIT}
    ) p ON true
    ORDER BY c.user_id, p.position`;
}

// Named: each is planned once per connection. Planning a read over every month's partitions (17
// with the default retention) cost more than running it: planned at each read, bench:sse's p99 was
// 8.4 s, prepared 347 ms (2026-12-02). Before the partitions the same preparing made PostgreSQL's
// generic plan far worse under load (docs/benchmarks.md); with them it is the better one.
//
// Those plans are made once and kept, and a plan made while the tables were nearly empty (a new
// installation, a new month's partition not yet analyzed) chose sequential scans that are cheap on
// an empty table and ruinous once it fills: bench:soak's first three minutes delivered nothing
// (2026-12-02) until autovacuum's statistics made PostgreSQL plan again. Every read of the live
// stream is a lookup by an index, so the connection that makes them does not consider scanning a
// whole table (READ_SETTINGS, run on the hub's connection).
export const READ_SETTINGS = "SET enable_seqscan = off";
const RECENT_QUERY = { name: "notifications-after-recent", text: positionsQuery(true) };
const ALL_QUERY = { name: "notifications-after-all", text: positionsQuery(false) };

export async function listNotificationsAfter(
  connection: pg.ClientBase,
  cursors: { userId: string; after: bigint }[],
): Promise<StreamRow[]> {
  if (cursors.length === 0) return [];
  const recent = await readPositions(connection, RECENT_QUERY, cursors);
  const incomplete = cursors.filter((cursor) => !foundAll(recent.get(cursor.userId)));
  const rest = incomplete.length > 0 ? await readPositions(connection, ALL_QUERY, incomplete) : new Map<string, Positions>();
  return cursors.flatMap(({ userId }) => {
    const read = rest.get(userId) ?? recent.get(userId);
    return (read?.rows ?? []).filter((row) => !row.muted).map(({ muted: _, ...row }) => row);
  });
}

interface Positions {
  after: bigint;
  last: bigint;
  rows: (StreamRow & { muted: boolean })[];
}

// All of a person's positions after the cursor, up to their last one (or the first REPLAY_LIMIT).
function foundAll(read: Positions | undefined): boolean {
  if (!read) return false;
  const expected = Math.min(Number(read.last - read.after), REPLAY_LIMIT);
  return read.rows.length === Math.max(expected, 0) && read.rows.every((row, i) => row.position === read.after + BigInt(i + 1));
}

async function readPositions(
  connection: pg.ClientBase,
  query: { name: string; text: string },
  cursors: { userId: string; after: bigint }[],
): Promise<Map<string, Positions>> {
  const { rows } = await connection.query<Row>({
    ...query,
    values: [cursors.map((c) => c.userId), cursors.map((c) => c.after.toString())],
  });
  const read = new Map<string, Positions>();
  for (const row of rows) {
    const positions = read.get(row.cursor_user) ?? { after: BigInt(row.after), last: BigInt(row.last_position), rows: [] };
    read.set(row.cursor_user, positions);
    if (row.position === null) continue;
    positions.rows.push({
      ...fromRaw({ ...row, id: BigInt(row.id), seq: BigInt(row.seq) }),
      position: BigInt(row.position),
      updated: row.updated,
      muted: row.muted,
    });
  }
  return read;
}

const ACTION_COUNTS_QUERY = { name: "open-action-counts", text: ACTION_COUNTS_SQL };

/** Each person's open actions (for the stream's frames). */
export async function actionCounts(connection: pg.ClientBase, userIds: string[]): Promise<Map<string, number>> {
  if (userIds.length === 0) return new Map();
  const { rows } = await connection.query<{ user_id: string; actions: number }>({ ...ACTION_COUNTS_QUERY, values: [userIds] });
  return new Map(rows.map((row) => [row.user_id, row.actions]));
}
