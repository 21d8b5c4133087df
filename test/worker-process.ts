// The worker as its own process, like workers/index.ts, but on topics of a test's own
// (TEST_WORKER_TOPICS, JSON of each service's topic, e.g. {"approval":"test-1.approval"}, and
// TEST_WORKER_DLQ), so that a test can read everything the process prints without its messages
// mixing with other tests' on the service topics.
import { db, disconnectDb } from "../lib/db/prisma";
import { env, kafkaBrokers } from "../lib/env";
import type { Service } from "../lib/events/catalog";
import { startWorkerRuntime } from "../workers/runtime";

const topics = JSON.parse(process.env.TEST_WORKER_TOPICS ?? "{}") as Partial<Record<Service, string>>;
const dlqTopic = process.env.TEST_WORKER_DLQ;
if (Object.keys(topics).length === 0 || !dlqTopic) throw new Error("TEST_WORKER_TOPICS and TEST_WORKER_DLQ must be set");

const runtime = await startWorkerRuntime({ env: env(), brokers: kafkaBrokers(), prisma: db(), topics, dlqTopic });
process.once("SIGTERM", async () => {
  await runtime.close();
  await disconnectDb();
  process.exit(0);
});
