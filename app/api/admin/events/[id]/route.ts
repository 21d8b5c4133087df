// GET /api/admin/events/{id} — a stored event, its Kafka origin and each recipient's delivery (ADMIN)
import { getEventDelivery } from "@/lib/admin/get-event-delivery";
import { parseId } from "@/lib/db/ids";
import { AppError } from "@/lib/errors";
import { withAdmin } from "@/lib/http/route";
import { requestLocale } from "@/lib/i18n/resolve-locale";

export const dynamic = "force-dynamic";

export const GET = withAdmin<{ params: Promise<{ id: string }> }>(async (request, user, { params }) => {
  const { id } = await params;
  const eventPk = parseId(id);
  const event = eventPk === null ? null : await getEventDelivery({ eventPk, locale: requestLocale(request, user) });
  if (!event) throw new AppError("not_found", "No such event.");
  return Response.json(event);
});
