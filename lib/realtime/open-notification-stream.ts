import type { SessionUser } from "../auth/session";
import { AppError } from "../errors";
import { requestLocale } from "../i18n/resolve-locale";
import { notificationCursors } from "../notifications/cursor";
import { latestCursor } from "../notifications/latest-cursor";
import { eventStream } from "./event-stream";
import type { NotificationHub } from "./notification-hub";

// GET /api/notifications/stream (docs/api.md, "Live stream"): from the cursor the client brings
// (Last-Event-ID, or ?lastEventId=), else from now; then live, through the process's hub.
export async function openNotificationStream({
  request,
  user,
  hub,
}: {
  request: Request;
  user: SessionUser;
  hub: NotificationHub;
}): Promise<Response> {
  // A link to this URL (from another site, say) opens it as a page: that is no stream, so it
  // neither takes one of the person's stream slots nor marks notifications delivered.
  if (request.headers.get("sec-fetch-dest") === "document" || request.headers.get("sec-fetch-mode") === "navigate") {
    throw new AppError("forbidden", "The live stream is read by the page's EventSource, not opened as a page.");
  }
  const lastEventId = request.headers.get("last-event-id") ?? new URL(request.url).searchParams.get("lastEventId");
  // The event ids are signed cursors (as the history's): an altered or borrowed one is a 400.
  const cursors = await notificationCursors();
  const lastSeq = lastEventId === null ? await latestCursor(user.id) : cursors.read(user.id, lastEventId, "Last-Event-ID");
  const stream = eventStream(request.signal, { startId: cursors.sign(user.id, lastSeq) });
  // Subscribing before answering lets a refusal (too many streams) be a 429, not a broken stream.
  const unsubscribe = await hub.subscribe({
    userId: user.id,
    locale: requestLocale(request, user),
    lastSeq,
    session: user.session,
    write: stream.write,
    end: stream.close,
    backlog: stream.backlog,
    stalled: stream.stalled,
    abort: stream.abort,
  });
  stream.onClose(unsubscribe);
  return stream.response;
}
