import type { ChildProcess } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";

// A server process we started (the Kafka broker, PostgreSQL): how it ended, whether it has, and a
// stop that asks politely, waits, then insists. It never outlives the process that started it, or
// it would hold its ports and block the next start.

export interface SupervisedChild {
  /** Resolves with how the process ended, e.g. "exit code 1". */
  exited: Promise<string>;
  readonly hasExited: boolean;
  stop(): Promise<void>;
}

export function supervise(
  child: ChildProcess,
  signals: { stop: NodeJS.Signals; insist: NodeJS.Signals; onParentExit: NodeJS.Signals },
  stopTimeoutMs: number,
): SupervisedChild {
  let hasExited = false;
  const onParentExit = () => child.kill(signals.onParentExit);
  const exited = new Promise<string>((resolve) => {
    child.once("exit", (code, signal) => resolve(signal ? `killed by ${signal}` : `exit code ${code}`));
    child.once("error", (error) => resolve(error.message));
  }).finally(() => {
    hasExited = true;
    process.off("exit", onParentExit);
  });
  process.on("exit", onParentExit);
  return {
    exited,
    get hasExited() {
      return hasExited;
    },
    async stop() {
      if (hasExited) return;
      child.kill(signals.stop);
      const ended = await Promise.race([exited.then(() => true), sleep(stopTimeoutMs).then(() => false)]);
      if (ended) return;
      child.kill(signals.insist);
      await exited;
    },
  };
}
