// GET /api/admin/dead-letters — what went to the DLQ and why, newest first (ADMIN)
import { deadLetterQuerySchema, listDeadLetters } from "@/lib/admin/list-dead-letters";
import { withAdmin } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = withAdmin(async (request) => {
  const query = deadLetterQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return Response.json(await listDeadLetters(query));
});
