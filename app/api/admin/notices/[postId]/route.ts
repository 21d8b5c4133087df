// GET /api/admin/notices/{postId} — a notice's read and acknowledged receipts, per department, and who is pending (ADMIN)
import { getNoticeReceipts, postIdSchema } from "@/lib/admin/get-notice-receipts";
import { AppError } from "@/lib/errors";
import { withAdmin } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = withAdmin<{ params: Promise<{ postId: string }> }>(async (_request, _user, { params }) => {
  const receipts = await getNoticeReceipts(postIdSchema.parse(await params));
  if (!receipts) throw new AppError("not_found", "No such notice.");
  return Response.json(receipts);
});
