import type { ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { Kafka, logLevel } from "kafkajs";
import { afterAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "../lib/db/prisma";
import { kafkaBrokers } from "../lib/env";
import { EVENT_TOPICS, TOPICS } from "../lib/events/catalog";
import { buildCloudEvent } from "../lib/events/producer";
import { eventually } from "../test/eventually";
import { caughtUp } from "../test/kafka";
import { spawnWorker } from "../test/worker";

// Two worker processes in one consumer group share the partitions, and every event is processed
// by exactly one of them: their own metrics say how many events each stored, and none saw a
// duplicate.
describe("two worker processes in one group", () => {
  const children: ChildProcess[] = [];
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
    await disconnectDb();
  });

  it("process every event once between them", async () => {
    const groupId = `two-processes-${randomUUID()}`;
    const workers = [await spawnWorker(groupId), await spawnWorker(groupId)];
    children.push(...workers.map((w) => w.child));
    const admin = new Kafka({ clientId: "test-admin", brokers: kafkaBrokers(), logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      await eventually(
        async () => {
          const { groups } = await admin.describeGroups([groupId]);
          return groups[0]!.state === "Stable" && groups[0]!.members.length === 2 ? true : null;
        },
        30_000,
        "a stable group of two",
      );
      // A new group reads the topics from the beginning; let it catch up before counting.
      await eventually(async () => ((await caughtUp(admin, groupId, EVENT_TOPICS)) ? true : null), 60_000, "the group caught up");

      const before = await Promise.all(workers.map((w) => consumed(w.port)));
      // Events of this run are told apart by their subject: the source must be a groupware service's.
      const run = `two-${randomUUID()}`;
      const messages = Array.from({ length: 300 }, (_, i) => {
        const event = buildCloudEvent({
          type: "notification.custom",
          source: "groupware/board",
          subject: `${run}-${i}`,
          data: { recipients: { userIds: [`E00${10 + (i % 10)}`] }, title: `나눠 받기 ${i}` },
        });
        return { key: event.subject, value: JSON.stringify(event) };
      });
      const producer = new Kafka({ clientId: "test", brokers: kafkaBrokers(), logLevel: logLevel.NOTHING }).producer();
      await producer.connect();
      await producer.send({ topic: TOPICS.board, messages, acks: -1 });
      await producer.disconnect();

      await eventually(
        async () => ((await db().event.count({ where: { subject: { startsWith: run } } })) === 300 ? true : null),
        30_000,
        "300 events",
      );
      await eventually(async () => ((await caughtUp(admin, groupId, EVENT_TOPICS)) ? true : null), 30_000, "offsets committed");
      const after = await Promise.all(workers.map((w) => consumed(w.port)));
      const stored = after.map((a, i) => a.stored - before[i]!.stored);
      expect(stored[0]! + stored[1]!).toBe(300);
      expect(stored.every((n) => n > 0)).toBe(true);
      expect(after.map((a, i) => a.duplicate - before[i]!.duplicate)).toEqual([0, 0]);
      expect(await db().notification.count({ where: { event: { subject: { startsWith: run } } } })).toBe(300);
    } finally {
      await admin.disconnect();
    }
  }, 120_000);
});

async function consumed(port: number): Promise<{ stored: number; duplicate: number }> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const sum = (outcome: string) =>
    [...text.matchAll(new RegExp(`^groupware_events_consumed_total\\{[^}]*outcome="${outcome}"[^}]*\\} (\\d+)$`, "gm"))].reduce(
      (total, match) => total + Number(match[1]),
      0,
    );
  return { stored: sum("stored"), duplicate: sum("duplicate") };
}
