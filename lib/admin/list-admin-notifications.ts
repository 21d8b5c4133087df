import { z } from "zod";
import { db } from "../db/prisma";
import { storableString } from "../events/storable";
import { Prisma } from "../generated/prisma/client";
import type { Locale } from "../i18n/locale";
import { NOTIFICATION_COLUMNS, NOTIFICATION_FROM } from "../notifications/notification-columns";
import { fromRaw, type NotificationItem, type RawNotificationRow, toItem } from "../notifications/notification-item";
import { decodeAdminCursor, encodeAdminCursor } from "./admin-cursor";

// GET /api/admin/notifications: every person's notifications, newest first, keyset-paged by
// (created_at, id). Each filter has an index ending in that order (migration 20261125040000_admin),
// so a page deep in a million rows reads about as much as the first one.

const optional = (schema: z.ZodType<string>) => z.preprocess((value) => (value === "" ? undefined : value), schema.optional());
const instant = z.string().refine((value) => !Number.isNaN(Date.parse(value)), "must be an ISO 8601 date or time");

export const adminListQuerySchema = z.object({
  recipientId: optional(storableString(100)),
  departmentId: optional(storableString(100)),
  source: optional(storableString(200)),
  type: optional(storableString(200)),
  status: optional(z.enum(["read", "unread"])),
  from: optional(instant),
  to: optional(instant),
  eventId: optional(storableString(200)),
  cursor: optional(z.string().max(200)),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export type AdminListQuery = z.infer<typeof adminListQuerySchema>;

export interface AdminNotificationItem extends NotificationItem {
  recipient: { id: string; name: string; departmentId: string };
  deliveredAt: string | null;
  /** The stored event's own id: its page is /admin/events/{eventRecordId}. */
  eventRecordId: string;
}

export interface AdminNotificationPage {
  items: AdminNotificationItem[];
  nextCursor: string | null;
}

type Row = RawNotificationRow & { id: bigint } & {
  event_pk: bigint;
  user_id: string;
  user_name: string;
  department_id: string;
  delivered_at: Date | null;
};

export async function listAdminNotifications({ query, locale }: { query: AdminListQuery; locale: Locale }): Promise<AdminNotificationPage> {
  const cursor = query.cursor ? decodeAdminCursor(query.cursor) : null;
  const conditions = [
    query.recipientId && Prisma.sql`n.user_id = ${query.recipientId}`,
    query.departmentId && Prisma.sql`u.department_id = ${query.departmentId}`,
    query.source && Prisma.sql`n.source = ${query.source}`,
    query.type && Prisma.sql`n.type = ${query.type}`,
    query.status === "unread" && Prisma.sql`n.read_at IS NULL`,
    query.status === "read" && Prisma.sql`n.read_at IS NOT NULL`,
    query.from && Prisma.sql`n.created_at >= ${new Date(query.from)}`,
    query.to && Prisma.sql`n.created_at < ${new Date(query.to)}`,
    query.eventId && Prisma.sql`n.event_pk IN (SELECT id FROM events WHERE event_id = ${query.eventId})`,
    cursor && Prisma.sql`(n.created_at, n.id) < (${cursor.at}, ${cursor.id.toString()}::bigint)`,
  ].filter((condition): condition is Prisma.Sql => Boolean(condition));
  const rows = await db().$queryRaw<Row[]>`
    SELECT ${Prisma.raw(NOTIFICATION_COLUMNS)}, n.delivered_at, n.event_pk, n.user_id, u.name AS user_name, u.department_id
    FROM ${Prisma.raw(NOTIFICATION_FROM)}
    JOIN users u ON u.id = n.user_id
    ${conditions.length ? Prisma.sql`WHERE ${Prisma.join(conditions, " AND ")}` : Prisma.empty}
    ORDER BY n.created_at DESC, n.id DESC
    LIMIT ${query.limit + 1}`;
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => ({
      ...toItem(fromRaw(row), locale),
      recipient: { id: row.user_id, name: row.user_name, departmentId: row.department_id },
      deliveredAt: row.delivered_at?.toISOString() ?? null,
      eventRecordId: row.event_pk.toString(),
    })),
    nextCursor: rows.length > query.limit && last ? encodeAdminCursor({ at: last.created_at, id: last.id }) : null,
  };
}
