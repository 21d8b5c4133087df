// Reads for the live streams run one at a time; the people named while one runs are gathered into
// the next, so a burst of NOTIFYs costs one query per turn, not one per NOTIFY.
export class PullQueue {
  private readonly due = new Set<string>();
  private turn: Promise<void> = Promise.resolve();
  private queued = false;

  constructor(private readonly pull: (userIds: string[]) => Promise<void>) {}

  schedule(userIds: Iterable<string>): void {
    for (const userId of userIds) this.due.add(userId);
    if (this.due.size === 0 || this.queued) return;
    this.queued = true;
    this.turn = this.turn.then(() => {
      this.queued = false;
      const userIds = [...this.due];
      this.due.clear();
      return this.pull(userIds);
    });
  }
}
