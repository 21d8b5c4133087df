// A Server-Sent Events response fed by `write` (frames already encoded), ended by `close` or by
// the client going away. A reader this far behind is cut off rather than buffered without bound:
// it reconnects with Last-Event-ID and replays from the database.
const MAX_BUFFERED_BYTES = 1024 * 1024;
const RETRY_MS = 3_000;
const encoder = new TextEncoder();

export const SSE_HEADERS = {
  "Content-Type": "text/event-stream; charset=utf-8",
  "Cache-Control": "no-cache, no-transform",
  Connection: "keep-alive",
  "X-Accel-Buffering": "no",
};

export interface EventStream {
  response: Response;
  write(frame: Uint8Array): void;
  close(): void;
  /** Runs once, when the stream ends for any reason. */
  onClose(callback: () => void): void;
}

export function eventStream(signal: AbortSignal): EventStream {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let closed = false;
  const callbacks: (() => void)[] = [];
  const finish = () => {
    if (closed) return;
    closed = true;
    for (const callback of callbacks) callback();
  };
  const close = () => {
    if (closed) return;
    finish();
    try {
      controller.close();
    } catch {
      // the client already went away
    }
  };
  const body = new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
      },
      cancel: finish,
    },
    { highWaterMark: 64 * 1024, size: (chunk) => chunk.byteLength },
  );
  const write = (frame: Uint8Array) => {
    if (closed) return;
    try {
      controller.enqueue(frame);
      if ((controller.desiredSize ?? 0) < -MAX_BUFFERED_BYTES) close();
    } catch {
      close();
    }
  };
  write(encoder.encode(`retry: ${RETRY_MS}\n: connected\n\n`));
  signal.addEventListener("abort", close, { once: true });
  if (signal.aborted) close();
  return {
    response: new Response(body, { headers: SSE_HEADERS }),
    write,
    close,
    onClose: (callback) => (closed ? callback() : callbacks.push(callback)),
  };
}
