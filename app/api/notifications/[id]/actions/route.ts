// POST /api/notifications/{id}/actions — approve or reject an approval request from the bell
import { z } from "zod";
import { webPublisher } from "@/lib/events/web-publisher";
import { readJson, withUser } from "@/lib/http/route";
import { requestLocale } from "@/lib/i18n/resolve-locale";
import { submitDecision } from "@/lib/notifications/submit-decision";

type Context = { params: Promise<{ id: string }> };

const bodySchema = z
  .object({
    decision: z.enum(["approve", "reject"]),
    comment: z.string().max(1000).optional(),
  })
  .strict();

export const POST = withUser<Context>(async (request, user, { params }) => {
  const { decision, comment } = bodySchema.parse(await readJson(request));
  const answer = await submitDecision({
    user: { id: user.id, name: user.name },
    notificationId: (await params).id,
    decision,
    comment: comment?.trim() ? comment.trim() : null,
    locale: requestLocale(request, user),
    publisher: webPublisher(),
  });
  return Response.json(answer, { status: 202 });
});
