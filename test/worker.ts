import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { kafkaBrokers, parseEnv } from "../lib/env";
import type { PrismaClient } from "../lib/generated/prisma/client";
import { isPortFree } from "../scripts/infra/ports";
import { startWorkerRuntime, type WorkerRuntime } from "../workers/runtime";
import { eventually } from "./eventually";

// Helpers for the worker's integration tests: each test gets topics and a consumer group of its
// own on the broker npm test started, so tests never read each other's messages.

export interface TestTopics {
  approval: string;
  board: string;
  calendar: string;
  reservation: string;
  directory: string;
  dlq: string;
  all: string[];
  /** The worker's topics setting: each service's topic. */
  services: { approval: string; board: string; calendar: string; reservation: string; directory: string };
}

export function uniqueTopics(): TestTopics {
  const id = randomUUID().slice(0, 8);
  const approval = `test-${id}.approval`;
  const board = `test-${id}.board`;
  const calendar = `test-${id}.calendar`;
  const reservation = `test-${id}.reservation`;
  const directory = `test-${id}.directory`;
  return {
    approval,
    board,
    calendar,
    reservation,
    directory,
    dlq: `test-${id}.dlq`,
    all: [approval, board, calendar, reservation, directory],
    services: { approval, board, calendar, reservation, directory },
  };
}

export function startTestWorker(prisma: PrismaClient, topics: TestTopics, groupId = `test-${randomUUID()}`): Promise<WorkerRuntime> {
  const env = { ...parseEnv(), WORKER_PORT: 0, KAFKA_GROUP_ID: groupId };
  return startWorkerRuntime({ env, brokers: kafkaBrokers(), prisma, topics: topics.services, dlqTopic: topics.dlq });
}

/** A free port for a worker process's health and metrics server. */
export async function freeWorkerPort(): Promise<number> {
  let port = 3300 + Math.floor(Math.random() * 500);
  while (!(await isPortFree(port))) port++;
  return port;
}

/** The worker as a real process (workers/index.ts) on the service topics; resolves once it joined. */
export async function spawnWorker(groupId: string): Promise<{ child: ChildProcess; port: number }> {
  const port = await freeWorkerPort();
  const child = spawn(process.execPath, ["--import", "tsx", "workers/index.ts"], {
    env: { ...process.env, KAFKA_GROUP_ID: groupId, WORKER_PORT: String(port), SERVICE_NAME: "worker", LOG_LEVEL: "error" },
    stdio: ["ignore", "inherit", "inherit"],
  });
  await eventually(
    async () =>
      (await fetch(`http://127.0.0.1:${port}/health`).then(
        (r) => r.ok,
        () => false,
      ))
        ? true
        : null,
    60_000,
    "the worker joined its group",
  );
  return { child, port };
}
