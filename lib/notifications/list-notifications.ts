import { z } from "zod";
import { db } from "../db/prisma";
import { Prisma } from "../generated/prisma/client";
import type { Locale } from "../i18n/locale";
import { notificationCursors } from "./cursor";
import { NOTIFICATION_COLUMNS, NOTIFICATION_FROM } from "./notification-columns";
import { fromRaw, type NotificationItem, type RawNotificationRow, toItem } from "./notification-item";

// GET /api/notifications: the caller's notifications, newest first, keyset-paged by the per-user
// cursor (seq), so a page deep in the history costs the same as the first. The cursor handed out is
// signed for the person (cursor.ts): an altered or borrowed one is a 400.
export const listQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(100, "must be a cursor returned by this API").optional(),
  filter: z.enum(["all", "unread"]).default("all"),
  source: z.string().min(1).max(200).optional(),
});

export type ListQuery = z.infer<typeof listQuerySchema>;

export interface NotificationPage {
  items: NotificationItem[];
  nextCursor: string | null;
  unreadCount: number;
}

export async function listNotifications({
  user,
  query,
}: {
  user: { id: string; locale: Locale };
  query: ListQuery;
}): Promise<NotificationPage> {
  const cursors = await notificationCursors();
  const after = query.cursor ? cursors.read(user.id, query.cursor) : null;
  const conditions = [
    Prisma.sql`n.user_id = ${user.id}`,
    after !== null ? Prisma.sql`n.seq < ${after.toString()}::bigint` : Prisma.empty,
    query.filter === "unread" ? Prisma.sql`n.read_at IS NULL` : Prisma.empty,
    query.source ? Prisma.sql`n.source = ${query.source}` : Prisma.empty,
  ].filter((condition) => condition !== Prisma.empty);
  // One statement: the unread count rides along with the page (and survives an empty page).
  const rows = await db().$queryRaw<(RawNotificationRow & { unread: number })[]>`
    SELECT c.unread, p.*
    FROM (SELECT count(*)::int AS unread FROM notifications WHERE user_id = ${user.id} AND read_at IS NULL) c
    LEFT JOIN LATERAL (
      SELECT ${Prisma.raw(NOTIFICATION_COLUMNS)}
      FROM ${Prisma.raw(NOTIFICATION_FROM)}
      WHERE ${Prisma.join(conditions, " AND ")}
      ORDER BY n.seq DESC
      LIMIT ${query.limit + 1}
    ) p ON true`;
  const found = rows.filter((row): row is typeof row & { id: bigint } => row.id !== null).map(fromRaw);
  const page = found.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => toItem(row, user.locale)),
    nextCursor: found.length > query.limit && last ? cursors.sign(user.id, last.seq) : null,
    unreadCount: rows[0]?.unread ?? 0,
  };
}
