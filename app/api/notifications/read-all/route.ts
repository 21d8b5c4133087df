// POST /api/notifications/read-all — mark read up to the newest notification the client has seen, or a whole thread
import { z } from "zod";
import { idSchema } from "@/lib/db/ids";
import { storableString } from "@/lib/events/storable";
import { readJson, withUser } from "@/lib/http/route";
import { markAllRead } from "@/lib/notifications/mark-all-read";

const bodySchema = z
  .object({
    upTo: idSchema("a notification").optional(),
    thread: storableString(700).pipe(z.string().min(1)).optional(),
  })
  .refine((body) => (body.upTo === undefined) !== (body.thread === undefined), { message: "give either upTo or thread" });

export const POST = withUser(async (request, user) => {
  const { upTo, thread } = bodySchema.parse(await readJson(request));
  return Response.json(await markAllRead({ userId: user.id, scope: upTo !== undefined ? { upTo } : { thread: thread ?? "" } }));
});
