import { logger } from "../log";

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
const log = logger("event-stream");

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
  const body = new ReadableStream<Uint8Array>(stream, { highWaterMark: 0 });
  // Next sends a route's body with `await body.pipeTo(its writer)`, and for as long as that promise
  // is pending it keeps its whole chain of awaits for the request: 15 suspended functions, their
  // promises and their locals (request, URL, caches), for the hours an idle stream is held, by the
  // thousand (heap snapshots of 2,000 idle streams: 51.0 KiB each; 31.3 KiB answered at once). So
  // this body pipes itself, one frame at a time straight into the writer, and answers Next's pipeTo
  // as soon as the pipe has started: Next's handling of the request ends there, and the pipe goes
  // on alone, ending the writer (the response ends) or aborting it (the socket is destroyed) as
  // Next's own pipe would. Read any other way (a reader, a tee), it is an ordinary ReadableStream.
  Object.defineProperty(body, "pipeTo", {
    value: (destination: WritableStream<Uint8Array>, options?: StreamPipeOptions) => {
      stream.pipeInto(destination, options?.signal).catch((error) => logUnlessGone(error, options?.signal));
      return Promise.resolve();
    },
  });
  const response = new Response(body, { headers: SSE_HEADERS });
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
  /** Frames not yet taken (shared with the person's other streams: never copied or changed). */
  private queue: Uint8Array[] = [];
  private queuedBytes = 0;
  /** The reader waits for the next frame: it goes straight to it. */
  private waiting: { resolve: (frame: Uint8Array | null) => void; reject: (error: unknown) => void } | null = null;
  /** No more frames: what is queued is still sent, then the stream ends. */
  private ended = false;
  /** Why the stream was cut off (the reader stopped reading, or went away); nothing more is sent. */
  private failure: unknown = null;
  private callback: (() => void) | null = null;
  private finished = false;
  /** Whether the reader asked for a frame since `stalled` last asked. */
  private pulled = false;
  /** How many times in a row `stalled` found frames waiting and none taken. */
  private idleChecks = 0;

  constructor(private readonly maxQueuedBytes: number) {}

  // The ReadableStream's way in (highWaterMark 0: asked only when a read is pending).
  async pull(controller: ReadableStreamDefaultController<Uint8Array>): Promise<void> {
    const frame = await this.next();
    if (frame === null) controller.close();
    else controller.enqueue(frame);
  }

  cancel(): void {
    this.cut(null);
  }

  /** Writes every frame into `destination`, each once the last was taken; ends it with the stream. */
  async pipeInto(destination: WritableStream<Uint8Array>, signal?: AbortSignal): Promise<void> {
    const writer = destination.getWriter();
    // The client went away (Next aborts the pipe): the frame being waited for never comes.
    const onAbort = () => this.cut(signal?.reason);
    if (signal?.aborted) onAbort();
    else signal?.addEventListener("abort", onAbort, { once: true });
    try {
      for (let frame = await this.next(); frame !== null; frame = await this.next()) await writer.write(frame);
      await writer.close();
    } catch (error) {
      await writer.abort(error).catch(() => undefined);
      throw error;
    } finally {
      signal?.removeEventListener("abort", onAbort);
      this.cut(null);
    }
  }

  readonly write = (frame: Uint8Array): void => {
    if (this.ended) return;
    const waiting = this.waiting;
    if (waiting) {
      this.waiting = null;
      waiting.resolve(frame);
      return;
    }
    this.queue.push(frame);
    this.queuedBytes += frame.byteLength;
    if (this.queuedBytes > this.maxQueuedBytes) this.abort();
  };

  /** Ends the stream after what is queued (a sign-out, the session expired, the process stops). */
  readonly close = (): void => {
    if (this.ended) return;
    this.ended = true;
    this.finish();
    this.wake();
  };

  readonly backlog = (): number => this.queuedBytes;

  // Twice in a row, so a stream whose first frame waits for Next to start its pipe is never taken for one.
  readonly stalled = (): boolean => {
    this.idleChecks = this.queue.length > 0 && !this.pulled ? this.idleChecks + 1 : 0;
    this.pulled = false;
    return this.idleChecks >= 2;
  };

  readonly onClose = (callback: () => void): void => {
    if (this.finished) callback();
    else this.callback = callback;
  };

  // An AbortError, so Next's pipe takes it for a client gone away: it destroys the socket and logs nothing.
  readonly abort = (): void => {
    this.cut(new DOMException("The reader fell too far behind; it reconnects and replays.", "AbortError"));
  };

  /** The next frame to send; null once the stream has ended and its queue is empty. */
  private next(): Promise<Uint8Array | null> {
    this.pulled = true;
    const frame = this.queue.shift();
    if (frame !== undefined) {
      this.queuedBytes -= frame.byteLength;
      return Promise.resolve(frame);
    }
    if (this.failure !== null) return Promise.reject(this.failure);
    if (this.ended) return Promise.resolve(null);
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
    });
  }

  /** Stops now, dropping what is queued: with `failure`, the reader is failed with it. */
  private cut(failure: unknown): void {
    if (this.failure === null && failure !== null && failure !== undefined) this.failure = failure;
    this.ended = true;
    this.queue = [];
    this.queuedBytes = 0;
    this.finish();
    this.wake();
  }

  /** Answers a reader that waits: with the failure, or with the end. */
  private wake(): void {
    const waiting = this.waiting;
    if (!waiting) return;
    this.waiting = null;
    if (this.failure !== null) waiting.reject(this.failure);
    else waiting.resolve(null);
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    const callback = this.callback;
    this.callback = null;
    callback?.();
  }
}

// The client gone away (the pipe's signal), or a reader cut off (an AbortError, as `abort` makes):
// nothing to say. Anything else failed a write (Next's writer has ended the response then), and
// Next, which would have logged it, has already been answered.
function logUnlessGone(error: unknown, signal: AbortSignal | undefined): void {
  if (signal?.aborted || (error instanceof Error && error.name === "AbortError")) return;
  log.warn({ err: error }, "a live stream failed");
}
