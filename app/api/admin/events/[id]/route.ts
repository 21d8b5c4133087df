// GET /api/admin/events/{id} — a stored event, its Kafka origin and each recipient's delivery (ADMIN)
import { getEventDelivery } from "@/lib/admin/get-event-delivery";
import { AppError } from "@/lib/http/errors";
import { withAdmin } from "@/lib/http/route";
import { requestLocale } from "@/lib/i18n/resolve-locale";

export const dynamic = "force-dynamic";

export const GET = withAdmin<{ params: Promise<{ id: string }> }>(async (request, user, { params }) => {
  const { id } = await params;
  if (!/^\d{1,18}$/.test(id)) throw new AppError("not_found", "No such event.");
  const event = await getEventDelivery(BigInt(id), requestLocale(request, user));
  if (!event) throw new AppError("not_found", "No such event.");
  return Response.json(event);
});
