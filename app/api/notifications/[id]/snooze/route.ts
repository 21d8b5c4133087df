// POST /api/notifications/{id}/snooze — put one of the caller's notifications off until a time
import { readJson, withUser } from "@/lib/http/route";
import { snoozeBodySchema, snoozeNotification } from "@/lib/notifications/snooze-notification";

type Context = { params: Promise<{ id: string }> };

export const POST = withUser<Context>(async (request, user, { params }) => {
  const { until } = snoozeBodySchema.parse(await readJson(request));
  return Response.json(await snoozeNotification({ userId: user.id, id: (await params).id, until: new Date(until) }));
});
