// The worker process: wires configuration and signals; workers/runtime.ts does the work.
import { db, disconnectDb } from "../lib/db/prisma";
import { env, kafkaBrokers, requireSetting } from "../lib/env";
import { kafkaSettingsProblem } from "../lib/events/kafka-client";
import { logger } from "../lib/log";
import { startWorkerRuntime } from "./runtime";

const log = logger("worker");
const runtime = await startWorkerRuntime({
  env: env(),
  brokers: kafkaBrokers(),
  prisma: db(),
  timersDatabaseUrl: requireSetting("DATABASE_URL"),
}).catch((error: unknown) => {
  // Wrong Kafka credentials or an untrusted certificate: say which setting, not a stack trace.
  const problem = kafkaSettingsProblem(error);
  if (!problem) throw error;
  log.fatal(problem);
  process.exit(1);
});

let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    await runtime.close().catch((error: unknown) => log.error({ err: error }, "unclean stop"));
    await disconnectDb();
    log.info({ signal }, "stopped");
    process.exit(0);
  });
}
