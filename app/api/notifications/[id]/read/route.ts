// POST /api/notifications/{id}/read — mark one of the caller's notifications read
import { withUser } from "@/lib/http/route";
import { setReadState } from "@/lib/notifications/set-read-state";

type Context = { params: Promise<{ id: string }> };

export const POST = withUser<Context>(async (_request, user, { params }) => {
  return Response.json(await setReadState({ userId: user.id, id: (await params).id, read: true }));
});
