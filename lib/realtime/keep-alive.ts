// One timer for every stream of a process (never one per stream), running while there is a stream:
// each beat writes a comment that keeps proxies from closing an idle stream, and ends the streams
// whose session has expired.
export class KeepAlive {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly intervalMs: number,
    private readonly beat: () => void,
  ) {}

  get running(): boolean {
    return this.timer !== null;
  }

  start(): void {
    this.timer ??= setInterval(this.beat, this.intervalMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
