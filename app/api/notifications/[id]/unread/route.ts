// POST /api/notifications/{id}/unread — mark one of the caller's notifications unread again
import { withUser } from "@/lib/http/route";
import { markNotificationRead } from "@/lib/notifications/mark-notification-read";

type Context = { params: Promise<{ id: string }> };

export const POST = withUser<Context>(async (_request, user, { params }) => {
  return Response.json(await markNotificationRead(user.id, (await params).id, false));
});
