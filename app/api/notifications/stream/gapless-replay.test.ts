import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { createSession } from "@/lib/auth/session";
import { db, disconnectDb } from "@/lib/db/prisma";
import { buildCloudEvent } from "@/lib/events/producer";
import { sendRaw } from "@/test/kafka";
import { SseReader } from "@/test/sse-reader";
import { startTestWorker, uniqueTopics } from "@/test/worker";
import type { WorkerRuntime } from "@/workers/runtime";
import { GET as stream } from "./route";

// Two workers commit notifications for one person at the same time while the person's client
// drops its stream at random moments and reconnects with the last id it saw: it must end with
// exactly the notifications written, in cursor order, none missed and none twice.
const TOTAL = 10_000;
const DROPS = 10;

describe("replay after Last-Event-ID under concurrent writers", () => {
  const workers: WorkerRuntime[] = [];
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.close()));
    await disconnectDb();
  });

  it(`delivers all ${TOTAL} notifications in order across ${DROPS} reconnects`, async () => {
    const userId = `T${randomUUID().slice(0, 8)}`;
    await db().user.create({
      data: { id: userId, email: `${userId.toLowerCase()}@groupware.test`, name: userId, departmentId: "D02", passwordHash: "-" },
    });
    const { token } = await createSession(userId);
    const topics = uniqueTopics();
    const groupId = `replay-${randomUUID()}`;
    workers.push(await startTestWorker(db(), topics, groupId), await startTestWorker(db(), topics, groupId));

    const open = async (lastEventId: string | null) => {
      const headers: Record<string, string> = { cookie: `gw_session=${token}` };
      if (lastEventId) headers["last-event-id"] = lastEventId;
      const response = await stream(new Request("http://localhost:3000/api/notifications/stream", { headers }), {});
      expect(response.status).toBe(200);
      return new SseReader(response.body!);
    };

    let reader = await open(null);
    // Every partition of the topic gets events, so both workers write for this person. get events, so both workers write for this person.
    const publishing = (async () => {
      for (let sent = 0; sent < TOTAL; sent += 500) {
        const messages = Array.from({ length: 500 }, (_, i) => {
          const event = buildCloudEvent({
            type: "notification.custom",
            source: "groupware/board",
            subject: `replay-${sent + i}`,
            data: { recipients: { userIds: [userId] }, title: `n${sent + i}` },
          });
          return { key: event.subject, value: JSON.stringify(event), partition: (sent / 500) % 3 };
        });
        await sendRaw(topics.board, messages);
      }
    })();

    const dropAt = new Set(Array.from({ length: DROPS }, () => 1 + Math.floor(Math.random() * (TOTAL - 2))));
    const received: { id: string; title: string }[] = [];
    let lastId: string | null = null;
    while (received.length < TOTAL) {
      const event = await reader.next("notification", 60_000).catch(async (error: Error) => {
        const stored = await db().notification.count({ where: { userId } });
        throw new Error(`${error.message} (received ${received.length}, stored ${stored})`);
      });
      if (!event) throw new Error("the stream ended");
      lastId = event.id;
      received.push({ id: event.id!, title: JSON.parse(event.data).title });
      if (dropAt.has(received.length)) {
        await reader.close();
        reader = await open(lastId);
      }
    }
    await reader.close();
    await publishing;

    const written = await db().notification.findMany({
      where: { userId },
      orderBy: { seq: "asc" },
      select: { seq: true, event: { select: { cloudEvent: true } } },
    });
    expect(written).toHaveLength(TOTAL);
    expect(received.map((r) => r.id.split(".")[0])).toEqual(written.map((w) => w.seq.toString()));
    expect(received.map((r) => r.title)).toEqual(written.map((w) => (w.event.cloudEvent as { data: { title: string } }).data.title));
    expect(new Set(received.map((r) => r.title)).size).toBe(TOTAL);
  }, 240_000);
});
