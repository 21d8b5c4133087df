// GET /api/admin/stats — the dashboard's last hour (ADMIN)
import { getAdminStats } from "@/lib/admin/get-admin-stats";
import { withAdmin } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = withAdmin(async () => Response.json(await getAdminStats()));
