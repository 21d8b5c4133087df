// GET /api/admin/notifications/export — the admin list's current filter as CSV, streamed (ADMIN)
import { exportAdminNotifications } from "@/lib/admin/export-admin-notifications";
import { adminListQuerySchema } from "@/lib/admin/list-admin-notifications";
import { withAdmin } from "@/lib/http/route";
import { requestLocale } from "@/lib/i18n/resolve-locale";

export const dynamic = "force-dynamic";

export const GET = withAdmin(async (request, user) => {
  const query = adminListQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const stamp = new Date().toISOString().slice(0, 19).replaceAll(":", "");
  return new Response(exportAdminNotifications({ query, locale: requestLocale(request, user) }), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="notifications-${stamp}.csv"`,
      "Cache-Control": "no-store",
    },
  });
});
