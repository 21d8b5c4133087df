import { describe, expect, it } from "vitest";
import { eventStream } from "./event-stream";

// Next sends a route's body with `await body.pipeTo(writer)` into the response (pipe-readable.js);
// these pipe the stream the same way, into a WritableStream that stands for the socket. The body
// answers pipeTo at once and pipes on alone, so each test waits for the socket to be ended.
const text = (frame: Uint8Array) => new TextDecoder().decode(frame);
const frame = (n: number) => new TextEncoder().encode(`data: ${n}\n\n`);

/** A socket that takes a write only when `take` is called (a reader that reads at its own pace). */
function slowSocket() {
  const written: string[] = [];
  const pending: (() => void)[] = [];
  let closed = false;
  let aborted: unknown = null;
  const { promise: ended, resolve: end } = Promise.withResolvers<void>();
  const writable = new WritableStream<Uint8Array>({
    write: (chunk) =>
      new Promise<void>((resolve) => {
        written.push(text(chunk));
        pending.push(resolve);
      }),
    close: () => {
      closed = true;
      end();
    },
    abort: (reason) => {
      aborted = reason;
      end();
    },
  });
  return {
    writable,
    written,
    /** Settles once the pipe has closed or aborted the socket. */
    ended,
    take: async () => {
      pending.shift()?.();
      await new Promise((resolve) => setTimeout(resolve, 0));
    },
    get closed() {
      return closed;
    },
    get aborted() {
      return aborted;
    },
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("eventStream piped as Next pipes it", () => {
  it("hands the socket one frame at a time, keeps the rest queued, and ends after them on close", async () => {
    const socket = slowSocket();
    const stream = eventStream(new AbortController().signal, { startId: "c0" });
    // Answered at once: Next's handling of the request does not wait for the stream's end.
    await stream.response.body!.pipeTo(socket.writable);
    await settle();
    expect(socket.written).toEqual(["retry: 3000\nid: c0\n: connected\n\n"]);
    for (const n of [1, 2, 3]) stream.write(frame(n));
    expect(stream.backlog()).toBe(3 * frame(1).byteLength);
    await socket.take();
    expect(socket.written.at(-1)).toBe("data: 1\n\n");
    expect(stream.backlog()).toBe(2 * frame(1).byteLength);
    stream.close();
    stream.write(frame(4)); // after close: dropped
    await socket.take();
    await socket.take();
    await socket.take();
    await socket.ended;
    expect(socket.written.slice(1)).toEqual(["data: 1\n\n", "data: 2\n\n", "data: 3\n\n"]);
    expect(socket.closed).toBe(true);
  });

  it("aborts the socket with an AbortError when the reader is cut off, and says it closed", async () => {
    const socket = slowSocket();
    const stream = eventStream(new AbortController().signal, { maxQueuedBytes: 3 * frame(1).byteLength });
    let closes = 0;
    stream.onClose(() => closes++);
    await stream.response.body!.pipeTo(socket.writable);
    await settle(); // the first frame waits at the socket from here on
    for (const n of [1, 2, 3]) stream.write(frame(n)); // up to the limit: kept
    expect(closes).toBe(0);
    stream.write(frame(4)); // past it
    await socket.take();
    await socket.ended;
    expect(socket.closed).toBe(false);
    expect((socket.aborted as Error).name).toBe("AbortError");
    expect(closes).toBe(1);
    expect(stream.backlog()).toBe(0);
  });

  it("ends when the pipe's signal aborts (the client went away) while it waits for a frame", async () => {
    const socket = slowSocket();
    const stream = eventStream(new AbortController().signal);
    let closes = 0;
    stream.onClose(() => closes++);
    const gone = new AbortController();
    await stream.response.body!.pipeTo(socket.writable, { signal: gone.signal });
    await settle();
    await socket.take(); // the first frame taken: the pipe waits for the next
    gone.abort(new DOMException("gone", "AbortError"));
    await socket.ended;
    expect(socket.closed).toBe(false);
    expect(closes).toBe(1);
  });

  it("ends when a write fails for another reason, with nothing left unhandled (Next is no longer there to catch it)", async () => {
    const failing = new WritableStream<Uint8Array>({ write: () => Promise.reject(new Error("the socket broke")) });
    const stream = eventStream(new AbortController().signal);
    let closes = 0;
    stream.onClose(() => closes++);
    await stream.response.body!.pipeTo(failing);
    await settle();
    expect(closes).toBe(1);
    stream.write(frame(1)); // after the end: dropped
    expect(stream.backlog()).toBe(0);
  });

  it("reads the same frames through a reader (a body read other than by pipeTo)", async () => {
    const request = new AbortController();
    const stream = eventStream(request.signal);
    const reader = stream.response.body!.getReader();
    expect(text((await reader.read()).value!)).toContain(": connected");
    stream.write(frame(1));
    expect(text((await reader.read()).value!)).toBe("data: 1\n\n");
    request.abort(); // the request's signal closes the stream
    expect((await reader.read()).done).toBe(true);
  });
});
