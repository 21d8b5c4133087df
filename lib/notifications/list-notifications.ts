import { z } from "zod";
import { db } from "../db/prisma";
import { storableString } from "../events/storable";
import { Prisma } from "../generated/prisma/client";
import type { Locale } from "../i18n/locale";
import { muted } from "../preferences/muted";
import { actionCountOf, type Counts, OPEN_ACTION, openAction, unreadCountOf } from "./counts";
import { notificationCursors } from "./cursor";
import { NOTIFICATION_COLUMNS, NOTIFICATION_FROM } from "./notification-columns";
import { fromRaw, type NotificationItem, type RawNotificationRow, toItem } from "./notification-item";
import { shown } from "./shown";

// GET /api/notifications: the caller's notifications, newest first, keyset-paged by the per-user
// cursor (seq), so a page deep in the history costs the same as the first. The cursor handed out is
// signed for the person (cursor.ts): an altered or borrowed one is a 400. `view=threads` shows each
// thread once, by its newest notification (PRODUCT.md §11); `thread=` lists one thread.
export const listQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(100, "must be a cursor returned by this API").optional(),
  /** `muted`: only what the person muted (PRODUCT.md §13), which every other filter leaves out. */
  filter: z.enum(["all", "unread", "todo", "muted"]).default("all"),
  source: storableString(200).pipe(z.string().min(1)).optional(),
  view: z.enum(["list", "threads"]).default("list"),
  thread: storableString(700).pipe(z.string().min(1)).optional(),
});

export type ListQuery = z.infer<typeof listQuerySchema>;

export interface NotificationPage extends Counts {
  items: NotificationItem[];
  nextCursor: string | null;
  /**
   * On the first page only: the must-read notices the person has not acknowledged, newest first
   * (PRODUCT.md §12), shown above the list until acknowledged. They are in `items` too, where they fall.
   */
  pinned?: NotificationItem[];
}

/** At most this many must-read notices are pinned (the oldest wait in the list). */
export const PINNED_LIMIT = 20;

type Row = RawNotificationRow & { unread: number; actions: number; thread_count: number | null; thread_unread: number | null };

export async function listNotifications({
  user,
  query,
}: {
  user: { id: string; locale: Locale };
  query: ListQuery;
}): Promise<NotificationPage> {
  const cursors = await notificationCursors();
  const after = query.cursor ? cursors.read(user.id, query.cursor) : null;
  const threads = query.view === "threads" && query.thread === undefined;
  const conditions = [
    Prisma.sql`n.user_id = ${user.id}`,
    after !== null ? Prisma.sql`n.seq < ${after.toString()}::bigint` : null,
    query.filter === "unread" ? Prisma.sql`n.read_at IS NULL` : null,
    query.filter === "todo" ? OPEN_ACTION : null,
    query.filter === "muted" ? muted("n") : shown("n"),
    query.source ? Prisma.sql`n.source = ${query.source}` : null,
    query.thread !== undefined ? Prisma.sql`n.thread = ${query.thread}` : null,
    // A thread shows as its newest notification (of those the filters keep).
    threads ? Prisma.sql`NOT EXISTS (${newerInThread(user.id, query)})` : null,
  ].filter((condition): condition is Prisma.Sql => condition !== null);
  // One statement: the counts ride along with the page (and survive an empty page).
  const rows = await db().$queryRaw<Row[]>`
    SELECT c.unread, c.actions, p.*
    FROM (SELECT ${unreadCountOf(user.id)} AS unread, ${actionCountOf(user.id)} AS actions) c
    LEFT JOIN LATERAL (
      SELECT ${Prisma.raw(NOTIFICATION_COLUMNS)}, ${threads ? threadCounts(user.id) : Prisma.sql`NULL::int AS thread_count, NULL::int AS thread_unread`}
      FROM ${Prisma.raw(NOTIFICATION_FROM)}
      WHERE ${Prisma.join(conditions, " AND ")}
      ORDER BY n.seq DESC
      LIMIT ${query.limit + 1}
    ) p ON true`;
  const pinned = after === null && query.thread === undefined ? await listPinned(user) : undefined;
  const found = rows.filter((row): row is Row & { id: bigint } => row.id !== null);
  const page = found.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => ({
      ...toItem(fromRaw(row), user.locale),
      ...(threads ? { threadCount: row.thread_count ?? 1, threadUnread: row.thread_unread ?? 0 } : {}),
    })),
    nextCursor: found.length > query.limit && last ? cursors.sign(user.id, last.seq) : null,
    unreadCount: rows[0]?.unread ?? 0,
    actionCount: rows[0]?.actions ?? 0,
    ...(pinned ? { pinned } : {}),
  };
}

// The person's must-read notices not yet acknowledged, by the partial index notifications_open_ack_idx
// (what it holds is what is still open, however many notices the company sent over the years). A
// must-read notice cannot be snoozed unless it was cancelled, and a snoozed one waits in its place.
async function listPinned(user: { id: string; locale: Locale }): Promise<NotificationItem[]> {
  const rows = await db().$queryRaw<(RawNotificationRow & { id: bigint })[]>`
    SELECT ${Prisma.raw(NOTIFICATION_COLUMNS)}
    FROM ${Prisma.raw(NOTIFICATION_FROM)}
    WHERE n.user_id = ${user.id} AND n.requires_ack AND n.acked_at IS NULL AND n.snoozed_until IS NULL
    ORDER BY n.seq DESC
    LIMIT ${PINNED_LIMIT}`;
  return rows.map((row) => toItem(fromRaw(row), user.locale));
}

// A later notification of the same thread for the same person, among those the filters keep:
// probed by the (thread, user_id, seq) index.
function newerInThread(userId: string, query: ListQuery): Prisma.Sql {
  return Prisma.sql`
    SELECT 1 FROM notifications t
    WHERE t.thread = n.thread AND t.user_id = ${userId} AND t.seq > n.seq
      ${query.filter === "unread" ? Prisma.sql`AND t.read_at IS NULL` : Prisma.empty}
      ${query.filter === "todo" ? Prisma.sql`AND ${openAction("t")}` : Prisma.empty}
      AND ${query.filter === "muted" ? muted("t") : shown("t")}
      ${query.source ? Prisma.sql`AND t.source = ${query.source}` : Prisma.empty}`;
}

function threadCounts(userId: string): Prisma.Sql {
  return Prisma.sql`
    CASE WHEN n.thread IS NULL THEN 1
         ELSE (SELECT count(*) FROM notifications t WHERE t.thread = n.thread AND t.user_id = ${userId})::int END AS thread_count,
    CASE WHEN n.thread IS NULL THEN (n.read_at IS NULL)::int
         ELSE (SELECT count(*) FROM notifications t WHERE t.thread = n.thread AND t.user_id = ${userId} AND t.read_at IS NULL)::int
    END AS thread_unread`;
}
