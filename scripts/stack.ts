import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Kafka, logLevel } from "kafkajs";
import { applyMigrations } from "../lib/db/migrate";
import { kafkaSecurity } from "../lib/events/kafka-client";
import { ensureTopics } from "../lib/events/topics";
import { type KafkaLine, startLocalKafka } from "./infra/kafka";
import type { SecureListener } from "./infra/kafka-secure-listener";
import { startLocalPostgres } from "./infra/postgres";
import { SetupError } from "./infra/setup-error";

// The pieces npm start and npm test put together: infrastructure (given by URL, or run locally
// under the data directory), the schema and demo directory, and the web and worker processes.

export const ROOT = fileURLToPath(new URL("../", import.meta.url));
const NEXT_BIN = path.join(ROOT, "node_modules", "next", "dist", "bin", "next");

export interface InfrastructureOptions {
  dataDir: string;
  databaseUrl?: string;
  kafkaBrokers?: string;
  /** Which Kafka line the local broker runs (LOCAL_KAFKA_VERSION). */
  kafkaVersion: KafkaLine;
  postgresPort: number;
  kafkaPort: number;
  kafkaControllerPort: number;
  /** A TLS and SASL listener on the local broker as well (npm test). */
  kafkaSecurePort?: number;
  log: (message: string) => void;
}

export interface Infrastructure {
  databaseUrl: string;
  kafkaBrokers: string;
  /** "Kafka 4.4.0" for the local broker; "Kafka" for one given by KAFKA_BROKERS. */
  kafkaName: string;
  /** The local broker's TLS and SASL listener, when asked for and the broker is ours. */
  kafkaSecure?: SecureListener;
  stop(): Promise<void>;
}

export async function startInfrastructure(options: InfrastructureOptions): Promise<Infrastructure> {
  const { dataDir, log } = options;
  const [postgres, kafka] = await Promise.allSettled([
    options.databaseUrl
      ? Promise.resolve({ databaseUrl: options.databaseUrl, stop: async () => undefined })
      : startLocalPostgres({ dataDir: path.join(dataDir, "postgres"), port: options.postgresPort, database: "groupware", log }),
    options.kafkaBrokers
      ? Promise.resolve({ brokers: options.kafkaBrokers.split(","), version: undefined, secure: undefined, stop: async () => undefined })
      : startLocalKafka({
          version: options.kafkaVersion,
          dataDir: path.join(dataDir, "kafka"),
          libsDir: path.join(ROOT, ".data", "kafka-libs"),
          port: options.kafkaPort,
          controllerPort: options.kafkaControllerPort,
          securePort: options.kafkaSecurePort,
          log,
        }),
  ]);
  if (postgres.status === "rejected" || kafka.status === "rejected") {
    if (postgres.status === "fulfilled") await postgres.value.stop();
    if (kafka.status === "fulfilled") await kafka.value.stop();
    throw postgres.status === "rejected" ? postgres.reason : (kafka as PromiseRejectedResult).reason;
  }
  const kafkaBrokers = kafka.value.brokers.join(",");
  // A broker given by KAFKA_BROKERS is reached with the TLS and SASL settings; our local one needs none.
  await createTopics(
    new Kafka({
      clientId: "groupware-setup",
      brokers: kafka.value.brokers,
      logLevel: logLevel.NOTHING,
      ...(options.kafkaBrokers ? kafkaSecurity() : {}),
    }),
  );
  return {
    databaseUrl: postgres.value.databaseUrl,
    kafkaBrokers,
    kafkaName: kafka.value.version ? `Kafka ${kafka.value.version}` : "Kafka",
    kafkaSecure: kafka.value.secure,
    async stop() {
      await Promise.allSettled([kafka.value.stop(), postgres.value.stop()]);
    },
  };
}

/** Migrations, then the demo directory (published to Kafka and applied by the worker's path: prisma/seed.ts). */
export async function prepareDatabase({
  databaseUrl,
  kafkaBrokers,
  demoPassword,
}: {
  databaseUrl: string;
  kafkaBrokers: string;
  demoPassword: string;
}): Promise<void> {
  await applyMigrations(databaseUrl);
  const seeded = run(process.execPath, ["--import", "tsx", "prisma/seed.ts"], {
    DATABASE_URL: databaseUrl,
    KAFKA_BROKERS: kafkaBrokers,
    DEMO_PASSWORD: demoPassword,
    LOG_LEVEL: "warn",
  });
  if (seeded !== 0) throw new SetupError("Seeding the demo directory failed (see the output above).");
}

/** `next build`, unless the last build is newer than every source file. */
export function buildWebIfStale(log: (message: string) => void): void {
  const buildId = path.join(ROOT, ".next", "BUILD_ID");
  if (existsSync(buildId) && newestSource() < statSync(buildId).mtimeMs) return;
  log("building the web app (next build)…");
  if (run(process.execPath, [NEXT_BIN, "build"], { NEXT_TELEMETRY_DISABLED: "1" }) !== 0) {
    throw new SetupError("`next build` failed (see the output above).");
  }
}

export interface AppProcesses {
  web: ChildProcess;
  worker: ChildProcess;
  stop(): Promise<void>;
}

export function startApp(env: Record<string, string>, webPort: number): AppProcesses {
  const web = startWeb(env, webPort);
  const worker = spawn(process.execPath, ["--import", "tsx", "workers/index.ts"], {
    cwd: ROOT,
    env: { ...process.env, ...env, SERVICE_NAME: "worker" },
    stdio: "inherit",
  });
  return {
    web,
    worker,
    stop: async () => {
      await Promise.all([terminate(worker), terminate(web)]);
    },
  };
}

// Node runs each process directly (no npx wrapper in between), so a signal reaches the process
// that must act on it and nothing is left running after a stop.
export function startWeb(env: Record<string, string>, port: number): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", "server.ts", "--hostname", "127.0.0.1"], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), SERVICE_NAME: "web", NEXT_TELEMETRY_DISABLED: "1" },
    stdio: "inherit",
  });
}

export async function waitForHttp(url: string, child: ChildProcess, what: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new SetupError(`${what} exited during start-up (code ${child.exitCode}).`);
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new SetupError(`${what} did not answer at ${url} within ${timeoutMs / 1000} s.`);
}

export function terminate(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

async function createTopics(kafka: Kafka): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await ensureTopics(admin);
  } finally {
    await admin.disconnect();
  }
}

export function run(command: string, args: string[], env: Record<string, string>): number {
  return spawnSync(command, args, { cwd: ROOT, stdio: "inherit", env: { ...process.env, ...env } }).status ?? 1;
}

const SOURCE_DIRS = ["app", "components", "lib", "public"];
const SOURCE_FILES = ["next.config.mjs", "postcss.config.mjs", "tsconfig.json", "package-lock.json"];

function newestSource(): number {
  let newest = 0;
  const visit = (file: string): void => {
    if (!existsSync(file)) return;
    const stat = statSync(file);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(file)) visit(path.join(file, entry));
    } else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const name of [...SOURCE_DIRS, ...SOURCE_FILES]) visit(path.join(ROOT, name));
  return newest;
}
