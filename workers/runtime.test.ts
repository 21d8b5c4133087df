import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "../lib/db/prisma";
import { kafkaBrokers, parseEnv, requireSetting } from "../lib/env";
import { EventPublisher } from "../lib/events/producer";
import { NOTIFY_CHANNEL } from "../lib/notifications/store-batch";
import { eventually } from "../test/eventually";
import { startWorkerRuntime, type WorkerRuntime } from "./runtime";

// The thin slice of the pipeline against the real broker and database: an event published to
// Kafka becomes one notification per recipient and one NOTIFY naming them.
describe("worker runtime", () => {
  let runtime: WorkerRuntime;
  const publisher = new EventPublisher(kafkaBrokers(), "runtime-test");
  const listener = new pg.Client({ connectionString: requireSetting("DATABASE_URL") });
  const notifies: string[] = [];

  beforeAll(async () => {
    await listener.connect();
    listener.on("notification", (message) => notifies.push(message.payload ?? ""));
    await listener.query(`LISTEN ${NOTIFY_CHANNEL}`);
    const env = { ...parseEnv(), WORKER_PORT: 0, KAFKA_GROUP_ID: `runtime-test-${randomUUID()}` };
    runtime = await startWorkerRuntime({ env, brokers: kafkaBrokers(), prisma: db() });
  });

  afterAll(async () => {
    await runtime?.close();
    await publisher.close();
    await listener.end();
    await disconnectDb();
  });

  it("stores an approval request for each approver but not the requester, once, and NOTIFYs", async () => {
    const documentId = `DOC-${randomUUID()}`;
    const id = randomUUID();
    const data = {
      documentId,
      documentTitle: "출장 경비 정산",
      requester: { id: "E0012", name: "이서준" },
      approverIds: ["E0003", "E0007", "E0012", "E9999"],
    };
    await publisher.publish({ type: "approval.requested", id, data });
    await publisher.publish({ type: "approval.requested", id, data });

    const rows = await eventually(async () => {
      const found = await recipientsOf(documentId);
      return found.length >= 2 ? found : null;
    });
    expect(rows).toEqual(["E0003", "E0007"]);
    expect(notifies.some((payload) => payload.includes('"E0003"') && payload.includes('"E0007"'))).toBe(true);

    // The redelivered copy was in the same or a later batch; give the worker time to see it.
    const marker = `DOC-${randomUUID()}`;
    await publisher.publish({ type: "approval.requested", data: { ...data, documentId: marker, approverIds: ["E0003"] } });
    await eventually(async () => ((await recipientsOf(marker)).length === 1 ? true : null));
    expect(await recipientsOf(documentId)).toEqual(["E0003", "E0007"]);
  });

  it("gives each user's notifications consecutive cursors", async () => {
    const before = await db().user.findUniqueOrThrow({ where: { id: "E0021" }, select: { notificationSeq: true } });
    const documentIds = Array.from({ length: 5 }, () => `DOC-${randomUUID()}`);
    for (const documentId of documentIds) {
      await publisher.publish({
        type: "approval.requested",
        data: { documentId, documentTitle: "휴가 신청", requester: { id: "E0022", name: "류현우" }, approverIds: ["E0021"] },
      });
    }
    const seqs = await eventually(async () => {
      const rows = await db().notification.findMany({
        where: { userId: "E0021", seq: { gt: before.notificationSeq } },
        orderBy: { seq: "asc" },
        select: { seq: true },
      });
      return rows.length === 5 ? rows.map((r) => r.seq) : null;
    });
    expect(seqs).toEqual([1n, 2n, 3n, 4n, 5n].map((n) => before.notificationSeq + n));
  });
});

async function recipientsOf(documentId: string): Promise<string[]> {
  const rows = await db().notification.findMany({
    where: { event: { subject: documentId } },
    orderBy: { userId: "asc" },
    select: { userId: true },
  });
  return rows.map((r) => r.userId);
}
