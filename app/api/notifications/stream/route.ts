// GET /api/notifications/stream — the live stream (docs/api.md): replay after Last-Event-ID, then live
import { withUser } from "@/lib/http/route";
import { notificationHub } from "@/lib/realtime/notification-hub";
import { openNotificationStream } from "@/lib/realtime/open-notification-stream";

export const dynamic = "force-dynamic";

export const GET = withUser((request, user) => openNotificationStream({ request, user, hub: notificationHub() }));
