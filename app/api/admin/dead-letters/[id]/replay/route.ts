// POST /api/admin/dead-letters/{id}/replay {payload?} — send it back to its topic, as it was or corrected (ADMIN)
import { replayBodySchema, replayDeadLetter } from "@/lib/admin/replay-dead-letter";
import { parseId } from "@/lib/db/ids";
import { AppError } from "@/lib/errors";
import { MAX_EVENT_BYTES } from "@/lib/events/cloud-event";
import { readJson, withAdmin } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const POST = withAdmin<{ params: Promise<{ id: string }> }>(async (request, user, { params }) => {
  const { id } = await params;
  const letterId = parseId(id);
  if (letterId === null) throw new AppError("not_found", "No such dead letter.");
  const body = replayBodySchema.parse(await readJson(request, { empty: {}, maxBytes: 4 * MAX_EVENT_BYTES }));
  return Response.json(await replayDeadLetter({ id: letterId, body, adminId: user.id }));
});
