import { type Runner, run } from "graphile-worker";
import { z } from "zod";
import { remindPendingReaders } from "../notifications/remind-pending-readers";
import { UNSNOOZE_TASK, unsnoozeNotification } from "../notifications/snooze-notification";
import { timerLogger } from "./timer-logger";

// The service's durable timers, on graphile-worker (a job queue in this PostgreSQL, run inside the
// worker process): a job is a row, queued in the transaction of what it is about, woken by
// LISTEN/NOTIFY at its run_at, locked by one process at a time (any number of workers may run),
// kept across restarts and retried on failure. Each task is idempotent, so a retry after a crash
// between doing the work and marking the job done changes nothing.

const dueReminder = z.object({ eventPk: z.string().regex(/^\d+$/), postId: z.string().min(1) });
const snoozed = z.object({ id: z.string().regex(/^\d+$/) });

export function startTimers({ databaseUrl, pollIntervalMs = 2_000 }: { databaseUrl: string; pollIntervalMs?: number }): Promise<Runner> {
  return run({
    connectionString: databaseUrl,
    concurrency: 2,
    maxPoolSize: 4,
    noHandleSignals: true,
    pollInterval: pollIntervalMs,
    logger: timerLogger,
    taskList: {
      // Queued by the trigger on events (migration 20261203010000_notice_reminders) at the notice's ackDueAt.
      "notice-due-reminder": async (payload) => {
        const { eventPk, postId } = dueReminder.parse(payload);
        await remindPendingReaders({ postId, key: `due:${eventPk}` });
      },
      // Queued by POST /api/notifications/{id}/snooze at the time it was put off until.
      [UNSNOOZE_TASK]: async (payload) => {
        await unsnoozeNotification(snoozed.parse(payload).id);
      },
    },
  });
}
