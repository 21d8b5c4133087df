// POST /api/notifications/read-all — mark read up to the newest notification the client has seen
import { z } from "zod";
import { readJson, withUser } from "@/lib/http/route";
import { markAllRead } from "@/lib/notifications/mark-all-read";

const bodySchema = z.object({ upTo: z.string().regex(/^\d{1,18}$/, "must be the id of a notification") });

export const POST = withUser(async (request, user) => {
  const { upTo } = bodySchema.parse(await readJson(request));
  return Response.json(await markAllRead(user.id, upTo));
});
