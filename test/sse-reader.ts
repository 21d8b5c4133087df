// A small Server-Sent Events reader for tests: parses the frames of a streamed response body
// exactly as an EventSource would (event, id, data lines; comments ignored).
export interface SseEvent {
  event: string;
  id: string | null;
  data: string;
}

export class SseReader {
  private buffer = "";
  private readonly queue: SseEvent[] = [];
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();
  comments = 0;
  retry: number | null = null;
  /** The id an EventSource would reconnect with: set by every frame with an id, also one with no data. */
  lastEventId: string | null = null;

  constructor(body: ReadableStream<Uint8Array>) {
    this.reader = body.getReader();
  }

  /** The next event (of the given kind, skipping others), or null when the stream ends first. */
  async next(kind?: string, timeoutMs = 10_000): Promise<SseEvent | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.queue.findIndex((e) => !kind || e.event === kind);
      const found = index >= 0 ? this.queue.splice(0, index + 1).at(-1) : undefined;
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${kind ?? "event"} within ${timeoutMs} ms`);
      const chunk = await Promise.race([
        this.reader.read(),
        new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), left)),
      ]);
      if (chunk === "timeout") continue;
      if (chunk.done) return null;
      this.parse(this.decoder.decode(chunk.value, { stream: true }));
    }
  }

  async close(): Promise<void> {
    await this.reader.cancel().catch(() => undefined);
  }

  private parse(text: string): void {
    this.buffer += text;
    for (let end = this.buffer.indexOf("\n\n"); end >= 0; end = this.buffer.indexOf("\n\n")) {
      const frame = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      let event = "message";
      let id: string | null = null;
      const data: string[] = [];
      for (const line of frame.split("\n")) {
        if (line.startsWith(":")) this.comments++;
        else if (line.startsWith("event: ")) event = line.slice(7);
        else if (line.startsWith("id: ")) {
          id = line.slice(4);
          this.lastEventId = id;
        } else if (line.startsWith("data: ")) data.push(line.slice(6));
        else if (line.startsWith("retry: ")) this.retry = Number(line.slice(7));
      }
      if (data.length) this.queue.push({ event, id, data: data.join("\n") });
    }
  }
}
