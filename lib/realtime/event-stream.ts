// A Server-Sent Events response fed by `write` (frames already encoded, shared by every stream
// that sends them), ended by `close` or by the client going away.
//
// The body is pulled: a frame is handed to Next only when Next's pipe asks for the next chunk, and
// Next asks only once the socket has taken the last one (`res.write` returned true, or 'drain').
// So what one stream holds in this process is its own queue of frames not yet pulled, plus at most
// one chunk in Next's pipe and what the socket accepts before it says "wait" (its highWaterMark).
// The hub sends a stream no more rows while its queue holds more than FLOW_LIMIT_BYTES (it reads
// them again from the database once the reader has caught up), so a slow reader is paced, not cut.
// A reader that has stopped (nothing pulled between two keep-alives while frames wait, `stalled`)
// or whose queue passes `maxQueuedBytes` all the same is aborted: Next destroys the socket, whatever
// the client does next, and the browser reconnects with Last-Event-ID and replays, so nothing is lost.
const MAX_QUEUED_BYTES = 1024 * 1024;
export const FLOW_LIMIT_BYTES = 256 * 1024;
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
  /** Bytes written and not yet taken by the reader. */
  backlog(): number;
  /** Whether frames have waited over the last two calls and the reader took none of them. */
  stalled(): boolean;
  /** Aborts the stream (the reader has stopped reading). */
  abort(): void;
  /** Runs once, when the stream ends for any reason (one callback per stream). */
  onClose(callback: () => void): void;
}

export interface EventStreamOptions {
  /** Bytes of frames waiting for a reader that has stopped reading before it is cut off. */
  maxQueuedBytes?: number;
  /**
   * The cursor the stream starts from, sent with the first frame: an EventSource keeps it as its
   * last event id, so one that loses the connection before its first notification reconnects from
   * there (with Last-Event-ID) and misses nothing stored meanwhile.
   */
  startId?: string;
}

export function eventStream(signal: AbortSignal, { maxQueuedBytes = MAX_QUEUED_BYTES, startId }: EventStreamOptions = {}): EventStream {
  const stream = new PulledEventStream(maxQueuedBytes);
  const response = new Response(new ReadableStream<Uint8Array>(stream, { highWaterMark: 0 }), { headers: SSE_HEADERS });
  stream.write(encoder.encode(`retry: ${RETRY_MS}\n${startId === undefined ? "" : `id: ${startId}\n`}: connected\n\n`));
  if (signal.aborted) stream.close();
  else signal.addEventListener("abort", stream.close, { once: true });
  return {
    response,
    write: stream.write,
    close: stream.close,
    backlog: stream.backlog,
    stalled: stream.stalled,
    abort: stream.abort,
    onClose: stream.onClose,
  };
}

// One object per stream with its methods bound once: an idle stream is held for hours, and every
// closure and promise it keeps is multiplied by the streams of the process.
class PulledEventStream implements UnderlyingDefaultSource<Uint8Array> {
  /** Frames not yet pulled (shared with the person's other streams: never copied or changed). */
  private queue: Uint8Array[] = [];
  private queuedBytes = 0;
  private controller: ReadableStreamDefaultController<Uint8Array> | null = null;
  /** Next's pipe asked for a chunk while the queue was empty: the next frame goes straight to it. */
  private wanted = false;
  private closed = false;
  private callback: (() => void) | null = null;
  /** Whether the reader took a chunk since `stalled` last asked. */
  private pulled = false;
  /** How many times in a row `stalled` found frames waiting and none taken. */
  private idleChecks = 0;

  constructor(private readonly maxQueuedBytes: number) {}

  start(controller: ReadableStreamDefaultController<Uint8Array>): void {
    this.controller = controller;
  }

  pull(): void {
    this.pulled = true;
    const frame = this.queue.shift();
    if (frame === undefined) {
      this.wanted = true;
      return;
    }
    this.queuedBytes -= frame.byteLength;
    this.controller?.enqueue(frame);
  }

  cancel(): void {
    this.finish();
  }

  readonly write = (frame: Uint8Array): void => {
    if (this.closed) return;
    if (this.wanted) {
      this.wanted = false;
      this.controller?.enqueue(frame);
      return;
    }
    this.queue.push(frame);
    this.queuedBytes += frame.byteLength;
    if (this.queuedBytes > this.maxQueuedBytes) this.abort();
  };

  /** Ends the stream after what is queued (a sign-out, the session expired, the process stops). */
  readonly close = (): void => {
    if (this.closed) return;
    const { controller } = this;
    const queued = this.queue;
    this.finish();
    try {
      for (const frame of queued) controller?.enqueue(frame);
      controller?.close();
    } catch {
      // the client already went away
    }
  };

  readonly backlog = (): number => this.queuedBytes;

  // Twice in a row, so a stream whose first frame waits for Next to start its pipe is never taken for one.
  readonly stalled = (): boolean => {
    this.idleChecks = this.queue.length > 0 && !this.pulled ? this.idleChecks + 1 : 0;
    this.pulled = false;
    return this.idleChecks >= 2;
  };

  readonly onClose = (callback: () => void): void => {
    if (this.closed) callback();
    else this.callback = callback;
  };

  // An AbortError, so Next's pipe takes it for a client gone away: it destroys the socket and logs nothing.
  readonly abort = (): void => {
    if (this.closed) return;
    const { controller } = this;
    this.finish();
    controller?.error(new DOMException("The reader fell too far behind; it reconnects and replays.", "AbortError"));
  };

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    this.queue = [];
    this.queuedBytes = 0;
    this.controller = null;
    const callback = this.callback;
    this.callback = null;
    callback?.();
  }
}
