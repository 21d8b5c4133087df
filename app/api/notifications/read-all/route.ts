// POST /api/notifications/read-all — mark read up to the newest notification the client has seen
import { z } from "zod";
import { idSchema } from "@/lib/db/ids";
import { readJson, withUser } from "@/lib/http/route";
import { markAllRead } from "@/lib/notifications/mark-all-read";

const bodySchema = z.object({ upTo: idSchema("a notification") });

export const POST = withUser(async (request, user) => {
  const { upTo } = bodySchema.parse(await readJson(request));
  return Response.json(await markAllRead({ userId: user.id, upTo }));
});
