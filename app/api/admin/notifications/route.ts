// GET /api/admin/notifications — every person's notifications, filtered, newest first, by cursor (ADMIN)
import { adminListQuerySchema, listAdminNotifications } from "@/lib/admin/list-admin-notifications";
import { withAdmin } from "@/lib/http/route";
import { requestLocale } from "@/lib/i18n/resolve-locale";

export const dynamic = "force-dynamic";

export const GET = withAdmin(async (request, user) => {
  const query = adminListQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return Response.json(await listAdminNotifications({ query, locale: requestLocale(request, user) }));
});
