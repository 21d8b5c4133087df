// POST /api/notifications/{id}/ack — acknowledge one of the caller's must-read notices (also reads it)
import { withUser } from "@/lib/http/route";
import { acknowledgeNotification } from "@/lib/notifications/acknowledge-notification";

type Context = { params: Promise<{ id: string }> };

export const POST = withUser<Context>(async (_request, user, { params }) => {
  return Response.json(await acknowledgeNotification({ userId: user.id, id: (await params).id }));
});
