// GET /api/notifications — the caller's notifications, newest first, by cursor
import { withUser } from "@/lib/http/route";
import { listNotifications, listQuerySchema } from "@/lib/notifications/list-notifications";

export const dynamic = "force-dynamic";

export const GET = withUser(async (request, user) => {
  const query = listQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return Response.json(await listNotifications(user, query));
});
