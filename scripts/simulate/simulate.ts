// npm run simulate -- [--rate 20] [--duration 30] [--brokers host:port,…] [--seed n] [--dry-run]
// Publishes a realistic mix of groupware events (simulated-events.ts) at a steady rate,
// keyed by subject, for demos and load, and answers the decisions people send from the bell
// (approval-stand-in.ts). --dry-run prints the CloudEvents as JSON lines instead.
// Ctrl-C stops cleanly: what is in flight is acknowledged, then the totals are printed.
import { randomInt } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import { logLevel } from "kafkajs";
import { z } from "zod";
import { kafkaBrokers } from "../../lib/env";
import { kafkaClient } from "../../lib/events/kafka-client";
import { buildCloudEvent, EventPublisher } from "../../lib/events/producer";
import { ensureTopics } from "../../lib/events/topics";
import { type ApprovalStandIn, startApprovalStandIn } from "./approval-stand-in";
import { createEventGenerator, type SimulatedEvent, serviceOf } from "./simulated-events";

const USAGE = `usage: npm run simulate -- [--rate <events/s>] [--duration <s>] [--brokers host:port,…] [--seed <n>] [--dry-run]
  --rate      events per second (default 20; 0 publishes none and only answers decisions from the bell)
  --duration  seconds to run, 0 for until Ctrl-C (default 30)
  --brokers   Kafka brokers (default KAFKA_BROKERS, or the local broker of npm start)
  --seed      reproducible events; a seed used before repeats its event ids, which the worker drops as duplicates
  --dry-run   print the events as JSON lines on stdout instead of publishing them`;

const TICKS_PER_SECOND = 10;
const MAX_BATCH = 2_000;
const REPORT_EVERY_MS = 5_000;

const options = z.object({
  rate: z.coerce.number().min(0).max(100_000).default(20),
  duration: z.coerce.number().min(0).default(30),
  brokers: z
    .string()
    .regex(/^[^\s,]+:\d+(,[^\s,]+:\d+)*$/, "must be host:port[,host:port…]")
    .optional(),
  seed: z.coerce
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1)
    .optional(),
  dryRun: z.boolean().default(false),
});

const { values } = parseArgs({
  options: {
    rate: { type: "string" },
    duration: { type: "string" },
    brokers: { type: "string" },
    seed: { type: "string" },
    "dry-run": { type: "boolean" },
    help: { type: "boolean", short: "h" },
  },
});

if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}

const parsed = options.safeParse({ ...values, dryRun: values["dry-run"] });
if (!parsed.success) fail(z.prettifyError(parsed.error));
const { rate, duration, dryRun } = parsed.data;
const seed = parsed.data.seed ?? randomInt(2 ** 32 - 1);
const total = duration > 0 && rate > 0 ? Math.round(rate * duration) : Infinity;

const brokers = parsed.data.brokers?.split(",") ?? kafkaBrokers();
const send = dryRun ? await dryRunSink() : await kafkaSink(brokers);
const standIn: ApprovalStandIn | null = dryRun
  ? null
  : await startApprovalStandIn({ brokers, log: (line) => process.stderr.write(`\n${line}\n`) });
const generator = createEventGenerator(seed);
const byService = new Map<string, number>(["approval", "board", "calendar", "reservation"].map((s) => [s, 0]));
let sent = 0;
let stopping = false;
let failure: unknown;

process.on("SIGINT", stop);
process.on("SIGTERM", stop);
process.stderr.write(
  `simulating ${rate} events/s ${duration > 0 ? `for ${duration} s` : "until Ctrl-C"} (seed ${seed})${dryRun ? ", dry run" : ""}\n`,
);

const started = performance.now();
const progress = startProgress();
try {
  for (let tick = 1; !stopping && sent < total; tick += 1) {
    if (rate === 0 && duration > 0 && performance.now() - started > duration * 1000) break;
    const due = Math.min(total, Math.floor((rate * (performance.now() - started)) / 1000));
    const count = Math.min(due - sent, MAX_BATCH);
    if (count > 0) {
      const batch = Array.from({ length: count }, () => generator.next());
      await send.events(batch);
      sent += count;
      for (const event of batch) {
        const service = serviceOf(event);
        byService.set(service, (byService.get(service) ?? 0) + 1);
      }
    }
    // Ticks on a fixed schedule from the start, so a slow send is caught up rather than drifting.
    const nextTick = started + (tick * 1000) / TICKS_PER_SECOND;
    if (sent < total) await sleep(Math.max(0, nextTick - performance.now()));
  }
} catch (error) {
  failure = error;
} finally {
  progress.stop();
  await send.close().catch(() => undefined);
  await standIn?.close().catch(() => undefined);
}

process.stderr.write(`${failure ? "stopped by an error" : stopping ? "stopped" : "done"}: ${summary()}\n`);
if (failure) {
  process.stderr.write(`${failure instanceof Error ? failure.message : String(failure)}\n`);
  process.exit(1);
}

interface Sink {
  events(batch: SimulatedEvent[]): Promise<void>;
  close(): Promise<void>;
}

async function kafkaSink(brokers: string[]): Promise<Sink> {
  // The worker creates the topics too; doing it here keeps a simulation before the first worker
  // start from getting one auto-created partition instead of three.
  const admin = kafkaClient("groupware-simulator", logLevel.ERROR, brokers).admin();
  try {
    await admin.connect();
    await ensureTopics(admin);
  } catch (error) {
    fail(`cannot reach Kafka at ${brokers.join(",")}: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
  const publisher = new EventPublisher(brokers, "groupware-simulator");
  return {
    events: async (batch) => void (await publisher.publishMany(batch)),
    close: () => publisher.close(),
  };
}

async function dryRunSink(): Promise<Sink> {
  // `| head` closes stdout early: stop like Ctrl-C instead of dying on EPIPE (or waiting for a
  // drain that never comes).
  let closed = false;
  process.stdout.on("error", () => {
    closed = true;
    stop();
    process.stdout.emit("drain");
  });
  return {
    events: async (batch) => {
      if (closed) return;
      const lines = batch.map((options) => `${JSON.stringify(buildCloudEvent(options))}\n`).join("");
      if (!process.stdout.write(lines)) await new Promise((resolve) => process.stdout.once("drain", resolve));
    },
    close: async () => undefined,
  };
}

function stop(): void {
  // A second Ctrl-C means now.
  if (stopping) process.exit(130);
  stopping = true;
}

function startProgress(): { stop(): void } {
  const tty = process.stderr.isTTY;
  const timer = setInterval(() => process.stderr.write(tty ? `\r${summary()}\x1b[K` : `${summary()}\n`), tty ? 250 : REPORT_EVERY_MS);
  return {
    stop() {
      clearInterval(timer);
      if (tty) process.stderr.write("\r\x1b[K");
    },
  };
}

function summary(): string {
  const seconds = (performance.now() - started) / 1000;
  const achieved = seconds > 0 ? sent / seconds : 0;
  const services = [...byService].map(([service, count]) => `${service} ${count}`).join(", ");
  const decisions = standIn ? `; ${standIn.answered} decisions from the bell answered` : "";
  return `sent ${sent} in ${seconds.toFixed(1)} s (${achieved.toFixed(1)}/s; ${services})${decisions}`;
}

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}
