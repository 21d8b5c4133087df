import type { EachBatchPayload } from "kafkajs";
import { logger } from "../lib/log";

// kafkajs fetches again only when every batch of its last fetch is handled, so one slow or
// retrying partition would hold up all the others. A batch that is not done within DETACH_AFTER_MS
// goes on by itself: its partition is paused (nothing more is fetched for it, so its order holds)
// until the batch is done, and the other partitions carry on.

/** Longer than a batch takes when the database is well (a few ms to tens of ms). */
export const DETACH_AFTER_MS = 250;
const log = logger("worker");

export class DetachedBatches {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly stopping: AbortSignal) {}

  /** Waits for `start`'s work briefly; past that, lets it go on with its partition paused. The work is told whether it was let go. */
  async run(payload: EachBatchPayload, start: (detached: () => boolean) => Promise<void>): Promise<void> {
    let wentOn = false;
    const work = start(() => wentOn);
    // Stopping: nothing is left to finish after the consumer has left the group.
    if (this.stopping.aborted || (await settlesWithin(work, DETACH_AFTER_MS))) return work;
    wentOn = true;
    const resume = payload.pause();
    const { topic, partition } = payload.batch;
    const lane: Promise<void> = work
      .catch((error: unknown) => log.error({ err: error, topic, partition }, "batch failed"))
      .finally(() => {
        this.running.delete(lane);
        resume();
      });
    this.running.add(lane);
  }

  /** Waits until every detached batch is done (or has given up). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.running]);
  }
}

async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const settled = work.then(
    () => true as const,
    () => true as const,
  );
  try {
    return await Promise.race([settled, late]);
  } finally {
    clearTimeout(timer);
  }
}
