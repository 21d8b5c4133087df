// GET /api/admin/notices/{postId}/export — everyone who has not acknowledged the notice, as CSV (ADMIN)
import { csvField } from "@/lib/admin/export-admin-notifications";
import { listPendingRecipients, postIdSchema } from "@/lib/admin/get-notice-receipts";
import { AppError } from "@/lib/errors";
import { withAdmin } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = withAdmin<{ params: Promise<{ postId: string }> }>(async (_request, _user, { params }) => {
  const { postId } = postIdSchema.parse(await params);
  const pending = await listPendingRecipients({ postId });
  if (!pending) throw new AppError("not_found", "No such notice.");
  // A byte-order mark so spreadsheet programs read the Korean names as UTF-8.
  const lines = pending.map((p) => [p.id, p.name, p.departmentId, p.readAt?.toISOString() ?? null].map(csvField).join(","));
  const body = `\uFEFFid,name,department_id,read_at\r\n${lines.map((line) => `${line}\r\n`).join("")}`;
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="notice-${postId.replace(/[^A-Za-z0-9_-]/g, "_")}-pending.csv"`,
      "Cache-Control": "no-store",
    },
  });
});
