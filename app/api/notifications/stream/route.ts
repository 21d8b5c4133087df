// GET /api/notifications/stream — the live stream of PRODUCT.md §6 (replay after Last-Event-ID, then live)
import { AppError } from "@/lib/http/errors";
import { withUser } from "@/lib/http/route";
import { requestLocale } from "@/lib/i18n/resolve-locale";
import { notificationCursors } from "@/lib/notifications/cursor";
import { latestCursor } from "@/lib/notifications/list-notifications-after";
import { notificationHub } from "@/lib/realtime/notification-hub";

export const dynamic = "force-dynamic";

const RETRY_MS = 3_000;
// A reader this far behind is cut off rather than buffered without bound; it reconnects with
// Last-Event-ID and replays from the database.
const MAX_BUFFERED_BYTES = 1024 * 1024;

export const GET = withUser(async (request, user) => {
  // A link to this URL (from another site, say) opens it as a page: that is no stream, so it
  // neither takes one of the person's stream slots nor marks notifications delivered.
  if (request.headers.get("sec-fetch-dest") === "document" || request.headers.get("sec-fetch-mode") === "navigate") {
    throw new AppError("forbidden", "The live stream is read by the page's EventSource, not opened as a page.");
  }
  const lastEventId = request.headers.get("last-event-id") ?? new URL(request.url).searchParams.get("lastEventId");
  let lastSeq: bigint;
  if (lastEventId === null) {
    lastSeq = await latestCursor(user.id);
  } else {
    // The event ids are signed cursors (as the history's): an altered or borrowed one is a 400.
    const cursors = await notificationCursors();
    lastSeq = cursors.read(user.id, lastEventId, "Last-Event-ID");
  }
  const encoder = new TextEncoder();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let unsubscribe: (() => void) | undefined;
  let closed = false;

  const close = () => {
    if (closed) return;
    closed = true;
    unsubscribe?.();
    try {
      controller.close();
    } catch {
      // the client already went away
    }
  };
  const write = (frame: string) => {
    if (closed) return;
    try {
      controller.enqueue(encoder.encode(frame));
      if ((controller.desiredSize ?? 0) < -MAX_BUFFERED_BYTES) close();
    } catch {
      close();
    }
  };

  const stream = new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
      },
      cancel() {
        closed = true;
        unsubscribe?.();
      },
    },
    { highWaterMark: 64 * 1024, size: (chunk) => chunk.byteLength },
  );
  write(`retry: ${RETRY_MS}\n: connected\n\n`);
  // Subscribing before answering lets a refusal (too many streams) be a 429, not a broken stream.
  const locale = requestLocale(request, user);
  unsubscribe = await notificationHub().subscribe({ userId: user.id, locale, lastSeq, session: user.session, write, end: close });
  request.signal.addEventListener("abort", close, { once: true });
  if (request.signal.aborted) close();

  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    },
  });
});
