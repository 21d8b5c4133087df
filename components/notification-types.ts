// The item the bell reads (docs/api.md). The type comes from the server's own definition, as
// a type-only import, so the two cannot drift apart and no server code is bundled.
import type { NotificationItem } from "@/lib/notifications/notification-item";

export type { NotificationItem };
