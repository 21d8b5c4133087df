// GET /api/admin/directory — the company's people by name, searched and filtered, by cursor (ADMIN)
import { directoryQuerySchema, listDirectory } from "@/lib/admin/list-directory";
import { withAdmin } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = withAdmin(async (request) => {
  const query = directoryQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return Response.json(await listDirectory({ query }));
});
