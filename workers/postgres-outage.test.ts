import { rm } from "node:fs/promises";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations } from "../lib/db/migrate";
import { buildCloudEvent } from "../lib/events/producer";
import { PrismaClient } from "../lib/generated/prisma/client";
import { type LocalPostgres, startLocalPostgres } from "../scripts/infra/postgres";
import { eventually } from "../test/eventually";
import { sendRaw } from "../test/kafka";
import { startTestWorker, uniqueTopics } from "../test/worker";
import type { WorkerRuntime } from "./runtime";

// A PostgreSQL of this test's own, stopped for 20 s while events keep arriving: the worker waits,
// resumes when the database is back, loses nothing and never exits.
const DATA_DIR = path.resolve(import.meta.dirname, "../.data/test/outage-postgres");
const PORT = 54349;
const OUTAGE_MS = 20_000;

describe("a worker whose database goes away", () => {
  let postgres: LocalPostgres;
  let prisma: PrismaClient;
  let worker: WorkerRuntime | undefined;
  const topics = uniqueTopics();

  beforeAll(async () => {
    await rm(DATA_DIR, { recursive: true, force: true });
    postgres = await startLocalPostgres({ dataDir: DATA_DIR, port: PORT, database: "groupware" });
    await applyMigrations(postgres.databaseUrl);
    prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: postgres.databaseUrl }) });
    await prisma.department.create({ data: { id: "D01", name: "경영지원" } });
    await prisma.user.createMany({
      data: ["E0001", "E0002"].map((id) => ({
        id,
        email: `${id.toLowerCase()}@groupware.test`,
        name: id,
        departmentId: "D01",
        passwordHash: "-",
      })),
    });
    worker = await startTestWorker(prisma, topics);
  }, 120_000);

  afterAll(async () => {
    await worker?.close();
    await prisma?.$disconnect();
    await postgres?.stop();
  });

  it("waits, resumes and stores every event published while it was down", async () => {
    const ids: string[] = [];
    const publish = async (count: number) => {
      const events = Array.from({ length: count }, () =>
        buildCloudEvent({
          type: "approval.requested",
          data: {
            documentId: `DOC-${ids.length}`,
            documentTitle: "연차 신청",
            requester: { id: "E0002", name: "이서연" },
            approverIds: ["E0001"],
          },
        }),
      );
      ids.push(...events.map((e) => e.id));
      await sendRaw(
        topics.approval,
        events.map((e) => ({ key: e.subject, value: JSON.stringify(e) })),
      );
    };

    await publish(10);
    await eventually(async () => ((await prisma.event.count()) === 10 ? true : null), 20_000, "the first events");

    await postgres.stop();
    const outageEnds = Date.now() + OUTAGE_MS;
    while (Date.now() < outageEnds) {
      await publish(5);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    postgres = await startLocalPostgres({ dataDir: DATA_DIR, port: PORT, database: "groupware" });
    await publish(10);

    await eventually(async () => ((await prisma.event.count()) >= ids.length ? true : null), 60_000, "every event stored");
    expect(await prisma.event.count({ where: { eventId: { in: ids } } })).toBe(ids.length);
    expect(await prisma.notification.count()).toBe(ids.length);
    const health = await fetch(`http://127.0.0.1:${worker!.port}/health`);
    expect(health.status).toBe(200);
  }, 120_000);
});
