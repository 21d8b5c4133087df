import { type Runner, run } from "graphile-worker";
import { z } from "zod";
import { env } from "../env";
import { logger } from "../log";
import { remindPendingReaders } from "../notifications/remind-pending-readers";
import { UNSNOOZE_TASK, unsnoozeNotification } from "../notifications/snooze-notification";
import { applyRetention } from "../retention/apply-retention";
import { timerLogger } from "./timer-logger";

// The service's durable timers, on graphile-worker (a job queue in this PostgreSQL, run inside the
// worker process): a job is a row, queued in the transaction of what it is about, woken by
// LISTEN/NOTIFY at its run_at, locked by one process at a time (any number of workers may run),
// kept across restarts and retried on failure. Each task is idempotent, so a retry after a crash
// between doing the work and marking the job done changes nothing.

const dueReminder = z.object({ eventPk: z.string().regex(/^\d+$/), postId: z.string().min(1) });
const snoozed = z.object({ id: z.string().regex(/^\d+$/) });

// Retention (lib/retention) every day at 03:17 UTC and at every start, one run at a time over
// every worker (its own queue; one job key, so workers that start together queue it once).
const RETENTION_TASK = "retention";
const RETENTION_JOB = { jobKey: RETENTION_TASK, queueName: RETENTION_TASK };

export async function startTimers({
  databaseUrl,
  pollIntervalMs = 2_000,
}: {
  databaseUrl: string;
  pollIntervalMs?: number;
}): Promise<Runner> {
  const runner = await run({
    connectionString: databaseUrl,
    concurrency: 2,
    maxPoolSize: 4,
    noHandleSignals: true,
    pollInterval: pollIntervalMs,
    logger: timerLogger,
    crontab: `17 3 * * * ${RETENTION_TASK} ?jobKey=${RETENTION_JOB.jobKey}&queue=${RETENTION_JOB.queueName}`,
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
      [RETENTION_TASK]: async () => {
        const { created, dropped, deleted } = await applyRetention({ retentionDays: env().RETENTION_DAYS });
        logger("retention").info({ created, dropped, deleted }, "retention applied");
      },
    },
  });
  await runner.addJob(RETENTION_TASK, {}, RETENTION_JOB);
  return runner;
}
