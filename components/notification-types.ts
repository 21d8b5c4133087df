// The wire shapes the bell reads (PRODUCT.md §5, §6). The item type comes from the server's own
// definition, as a type-only import, so the two cannot drift apart and no server code is bundled.
import type { NotificationItem } from "@/lib/notifications/notification-item";

export type { NotificationItem };

/** `GET /api/notifications` */
export interface NotificationPage {
  items: NotificationItem[];
  nextCursor: string | null;
  unreadCount: number;
}

/** The state of the live stream, as the user sees it. */
export type ConnectionState = "connecting" | "live" | "offline";
