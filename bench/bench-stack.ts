import { rm } from "node:fs/promises";
import path from "node:path";
import { parseEnv } from "../lib/env";
import { type Infrastructure, prepareDatabase, ROOT, startInfrastructure } from "../scripts/stack";

// What every benchmark starts from: DATABASE_URL / KAFKA_BROKERS if set, otherwise a fresh
// PostgreSQL and Kafka of its own under .data/<name> (on ports apart from npm start's and npm
// test's), with the schema and the demo directory.

export const say = (message: string) => process.stdout.write(`${message}\n`);
export const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

export async function startBenchInfrastructure(name: string, ports: { postgres: number; kafka: number }): Promise<Infrastructure> {
  const dataDir = path.join(ROOT, ".data", name);
  await rm(dataDir, { recursive: true, force: true });
  const infra = await startInfrastructure({
    dataDir,
    databaseUrl: process.env.DATABASE_URL,
    kafkaBrokers: process.env.KAFKA_BROKERS,
    // parseEnv, not env(): env() would cache the settings before DATABASE_URL is known.
    kafkaVersion: parseEnv().LOCAL_KAFKA_VERSION,
    postgresPort: ports.postgres,
    kafkaPort: ports.kafka,
    kafkaControllerPort: ports.kafka + 1,
    log: say,
  });
  // The benchmark's own code (sessions, the directory import) reads the database from the settings.
  process.env.DATABASE_URL = infra.databaseUrl;
  try {
    await prepareDatabase({ databaseUrl: infra.databaseUrl, kafkaBrokers: infra.kafkaBrokers, demoPassword: "groupware" });
  } catch (error) {
    await infra.stop();
    throw error;
  }
  return infra;
}

export interface HeapFigures {
  /** V8 heap in use (live objects and garbage not yet collected), its size, and memory outside it (bytes). */
  used: number;
  total: number;
  external: number;
}

/** A process's own view of its memory, from prom-client's runtime metrics at `url` (NaN where unreadable). */
export async function heapOf(url: string, token: string): Promise<HeapFigures> {
  const text = await fetch(url, { headers: { authorization: `Bearer ${token}` } })
    .then((response) => response.text())
    .catch(() => "");
  const metric = (name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, "m").exec(text)?.[1] ?? Number.NaN);
  return {
    used: metric("nodejs_heap_size_used_bytes"),
    total: metric("nodejs_heap_size_total_bytes"),
    external: metric("nodejs_external_memory_bytes"),
  };
}
