// GET /api/notifications — the caller's notifications, newest first, by cursor
import { withUser } from "@/lib/http/route";
import { requestLocale } from "@/lib/i18n/resolve-locale";
import { listNotifications, listQuerySchema } from "@/lib/notifications/list-notifications";

export const dynamic = "force-dynamic";

export const GET = withUser(async (request, user) => {
  const query = listQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const locale = requestLocale(request, user);
  return Response.json(await listNotifications({ user: { id: user.id, locale }, query }));
});
