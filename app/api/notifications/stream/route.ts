// GET /api/notifications/stream — the live stream of PRODUCT.md §6 (replay after Last-Event-ID, then live)
import { AppError } from "@/lib/http/errors";
import { withUser } from "@/lib/http/route";
import { latestCursor } from "@/lib/notifications/list-notifications-after";
import { notificationHub } from "@/lib/realtime/notification-hub";

export const dynamic = "force-dynamic";

const RETRY_MS = 3_000;

export const GET = withUser(async (request, user) => {
  const lastEventId = request.headers.get("last-event-id") ?? new URL(request.url).searchParams.get("lastEventId");
  if (lastEventId !== null && !/^\d{1,18}$/.test(lastEventId)) {
    throw new AppError("bad_request", "Last-Event-ID must be a cursor sent by this stream.");
  }
  const lastSeq = lastEventId === null ? await latestCursor(user.id) : BigInt(lastEventId);
  const encoder = new TextEncoder();
  let unsubscribe: (() => void) | undefined;
  let closed = false;

  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const close = () => {
        if (closed) return;
        closed = true;
        unsubscribe?.();
        try {
          controller.close();
        } catch {
          // already closed by the client going away
        }
      };
      request.signal.addEventListener("abort", close, { once: true });
      controller.enqueue(encoder.encode(`retry: ${RETRY_MS}\n: connected\n\n`));
      unsubscribe = await notificationHub().subscribe({
        userId: user.id,
        locale: user.locale,
        lastSeq,
        write: (frame) => {
          if (closed) return;
          try {
            controller.enqueue(encoder.encode(frame));
          } catch {
            close();
          }
        },
      });
      if (closed) unsubscribe();
    },
    cancel() {
      closed = true;
      unsubscribe?.();
    },
  });

  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    },
  });
});
