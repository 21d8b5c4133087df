// POST /api/admin/notices/{postId}/remind — remind everyone who has not acknowledged the notice yet (ADMIN)
import { randomUUID } from "node:crypto";
import { postIdSchema } from "@/lib/admin/get-notice-receipts";
import { AppError } from "@/lib/errors";
import { withAdmin } from "@/lib/http/route";
import { remindPendingReaders } from "@/lib/notifications/remind-pending-readers";

export const dynamic = "force-dynamic";

export const POST = withAdmin<{ params: Promise<{ postId: string }> }>(async (_request, _user, { params }) => {
  const { postId } = postIdSchema.parse(await params);
  const result = await remindPendingReaders({ postId, key: `manual:${randomUUID()}` });
  if (!result) throw new AppError("not_found", "No such notice.");
  return Response.json(result);
});
