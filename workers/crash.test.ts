import type { ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { Kafka, logLevel } from "kafkajs";
import { afterAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "../lib/db/prisma";
import { kafkaBrokers } from "../lib/env";
import { TOPICS } from "../lib/events/catalog";
import { buildCloudEvent } from "../lib/events/producer";
import { eventually } from "../test/eventually";
import { spawnWorker } from "../test/worker";

// The worker as a real process (workers/index.ts), killed without warning in the middle of a
// stream of events: after a restart exactly the expected notifications exist.
const EVENTS = 20_000;
const CHUNK = 1_000;

describe("a worker process killed with SIGKILL", () => {
  const children: ChildProcess[] = [];
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
    await disconnectDb();
  });

  it("loses nothing and doubles nothing once restarted, and a SIGTERM stops it cleanly", async () => {
    // Events of this run are told apart by their subject: the source must be a groupware service's.
    const run = `crash-${randomUUID()}`;
    const ofRun = { event: { subject: { startsWith: run } } };
    const groupId = `crash-${randomUUID()}`;
    const first = await spawnWorker(groupId);
    children.push(first.child);

    const producer = new Kafka({ clientId: "crash-test", brokers: kafkaBrokers(), logLevel: logLevel.NOTHING }).producer();
    await producer.connect();
    let storedAtKill = -1;
    for (let sent = 0; sent < EVENTS; sent += CHUNK) {
      const messages = Array.from({ length: CHUNK }, (_, i) => {
        const n = sent + i;
        const event = buildCloudEvent({
          type: "notification.custom",
          source: "groupware/board",
          subject: `${run}-${n}`,
          data: { recipients: { userIds: [user(n), user(n + 7)] }, title: `장애 복구 시험 ${n}` },
        });
        return { key: event.subject, value: JSON.stringify(event) };
      });
      await producer.send({ topic: TOPICS.board, messages, acks: -1 });
      if (sent === EVENTS / 2) {
        storedAtKill = await db().notification.count({ where: ofRun });
        first.child.kill("SIGKILL");
      }
    }
    await producer.disconnect();
    expect(storedAtKill).toBeLessThan(EVENTS * 2);

    const second = await spawnWorker(groupId);
    children.push(second.child);
    await eventually(
      async () => ((await db().notification.count({ where: ofRun })) >= EVENTS * 2 ? true : null),
      120_000,
      "every notification stored",
    );
    expect(await db().event.count({ where: ofRun.event })).toBe(EVENTS);
    expect(await db().notification.count({ where: ofRun })).toBe(EVENTS * 2);
    const perEvent = await db().notification.groupBy({
      by: ["eventPk"],
      where: ofRun,
      _count: true,
      having: { eventPk: { _count: { not: 2 } } },
    });
    expect(perEvent).toEqual([]);

    second.child.kill("SIGTERM");
    const code = await new Promise((resolve) => second.child.once("exit", resolve));
    expect(code).toBe(0);
  }, 180_000);
});

function user(n: number): string {
  return `E00${30 + (n % 20)}`;
}
