import { z } from "zod";
import { db } from "../db/prisma";
import { NOTIFICATION_SELECT, toItem, type NotificationItem } from "./notification-item";
import type { Locale } from "./render-notification";

// GET /api/notifications: the caller's notifications, newest first, keyset-paged by the per-user
// cursor (seq), so a page deep in the history costs the same as the first.
export const listQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z
    .string()
    .regex(/^\d{1,18}$/, "must be a cursor returned by this API")
    .optional(),
  filter: z.enum(["all", "unread"]).default("all"),
  source: z.string().min(1).max(200).optional(),
});

export type ListQuery = z.infer<typeof listQuerySchema>;

export interface NotificationPage {
  items: NotificationItem[];
  nextCursor: string | null;
  unreadCount: number;
}

export async function listNotifications(user: { id: string; locale: Locale }, query: ListQuery): Promise<NotificationPage> {
  const rows = await db().notification.findMany({
    where: {
      userId: user.id,
      ...(query.cursor ? { seq: { lt: BigInt(query.cursor) } } : {}),
      ...(query.filter === "unread" ? { readAt: null } : {}),
      ...(query.source ? { source: query.source } : {}),
    },
    orderBy: { seq: "desc" },
    take: query.limit + 1,
    select: NOTIFICATION_SELECT,
  });
  const page = rows.slice(0, query.limit);
  const more = rows.length > query.limit;
  return {
    items: page.map((row) => toItem(row, user.locale)),
    nextCursor: more ? page.at(-1)!.seq.toString() : null,
    unreadCount: await countUnread(user.id),
  };
}

export function countUnread(userId: string): Promise<number> {
  return db().notification.count({ where: { userId, readAt: null } });
}
