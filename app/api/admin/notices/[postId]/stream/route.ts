// GET /api/admin/notices/{postId}/stream — `event: receipts` whenever someone acknowledges the notice (ADMIN)
import { postIdSchema } from "@/lib/admin/get-notice-receipts";
import { withAdmin } from "@/lib/http/route";
import { eventStream } from "@/lib/realtime/event-stream";
import { notificationHub } from "@/lib/realtime/notification-hub";

export const dynamic = "force-dynamic";

export const GET = withAdmin<{ params: Promise<{ postId: string }> }>(async (request, user, { params }) => {
  const { postId } = postIdSchema.parse(await params);
  const stream = eventStream(request.signal);
  const stop = await notificationHub().watchReceipts({ postId, session: user.session, write: stream.write, end: stream.close });
  stream.onClose(stop);
  return stream.response;
});
