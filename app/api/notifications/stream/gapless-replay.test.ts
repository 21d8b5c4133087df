import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { createSession } from "@/lib/auth/session";
import { db, disconnectDb } from "@/lib/db/prisma";
import { buildCloudEvent } from "@/lib/events/producer";
import { eventually } from "@/test/eventually";
import { sendRaw } from "@/test/kafka";
import { SseReader } from "@/test/sse-reader";
import { startTestWorker, uniqueTopics } from "@/test/worker";
import type { WorkerRuntime } from "@/workers/runtime";
import { GET as stream } from "./route";

// Two workers commit notifications for one person at the same time, and change earlier ones (each
// approval request settled by a later approval.completed), while the person's client drops its
// stream at random moments and reconnects with the last id it saw: it must end with exactly the
// notifications written, in cursor order, every change seen, no cursor position twice.
const CUSTOM = 5_000;
const REQUESTS = 2_500;
const TOTAL = CUSTOM + REQUESTS;
const DROPS = 10;

describe("replay after Last-Event-ID under concurrent writers", () => {
  const workers: WorkerRuntime[] = [];
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.close()));
    await disconnectDb();
  });

  it(`delivers all ${TOTAL} notifications and ${REQUESTS} updates in order across ${DROPS} reconnects`, async () => {
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
    // Every partition of the topics gets events, so both workers write for this person. A request
    // and its completion share a partition, as their key (the document) would give them.
    const run = randomUUID().slice(0, 8);
    const publishing = (async () => {
      for (let sent = 0; sent < CUSTOM; sent += 500) {
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
        const requests = Array.from({ length: REQUESTS / (CUSTOM / 500) }, (_, i) => {
          const documentId = `DOC-${run}-${sent + i}`;
          const common = { documentId, documentTitle: `d${sent + i}` };
          const partition = i % 3;
          const requested = buildCloudEvent({
            type: "approval.requested",
            data: { ...common, requester: { id: "E0012", name: "이서준" }, approverIds: [userId, "E0003"] },
          });
          const settled = buildCloudEvent({
            type: "approval.completed",
            data: { ...common, outcome: "approved", decidedBy: { id: "E0003", name: "박도윤" }, requesterId: "E0012" },
          });
          return [
            { key: documentId, value: JSON.stringify(requested), partition },
            { key: documentId, value: JSON.stringify(settled), partition },
          ];
        });
        // The requests first, settled once stored: the stream has mostly sent them as still to
        // do, so their settling reaches it as updates (stored together, they would arrive settled).
        await sendRaw(
          topics.approval,
          requests.map(([requested]) => requested!),
        );
        const stored = ((sent + 500) / 500) * requests.length;
        await eventually(async () =>
          (await db().notification.count({ where: { userId, type: "approval.requested" } })) >= stored ? true : null,
        );
        await sendRaw(
          topics.approval,
          requests.map(([, settled]) => settled!),
        );
      }
    })();

    const dropAt = new Set(Array.from({ length: DROPS }, () => 1 + Math.floor(Math.random() * (TOTAL - 2))));
    const received: { id: string; title: string }[] = [];
    const positions: number[] = [];
    const latest = new Map<string, { status: string; actionCount: number }>();
    let lastActionCount = -1;
    let updates = 0;
    let lastId: string | null = null;
    const settled = () => [...latest.values()].filter((item) => item.status === "resolved").length;
    while (received.length < TOTAL || settled() < REQUESTS) {
      const event = await reader.next(undefined, 60_000).catch(async (error: Error) => {
        const stored = await db().notification.count({ where: { userId } });
        throw new Error(`${error.message} (received ${received.length}, settled ${settled()}, stored ${stored})`);
      });
      if (!event) throw new Error("the stream ended");
      if (event.event !== "notification" && event.event !== "notification-updated") continue;
      lastId = event.id;
      positions.push(Number(event.id!.split(".")[0]));
      const item = JSON.parse(event.data);
      if (item.type === "approval.requested") latest.set(item.id, { status: item.status, actionCount: item.actionCount });
      lastActionCount = item.actionCount;
      if (event.event === "notification") received.push({ id: event.id!, title: item.title ?? "" });
      else updates += 1;
      if (dropAt.has(positions.length)) {
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
    const custom = received.filter((r) => r.title.startsWith("n"));
    expect(new Set(custom.map((r) => r.title)).size).toBe(CUSTOM);
    // No position twice, none out of order; every request seen settled, and nothing left to do.
    expect(positions.every((position, i) => i === 0 || position > positions[i - 1]!)).toBe(true);
    expect(latest.size).toBe(REQUESTS);
    expect(settled()).toBe(REQUESTS);
    expect(lastActionCount).toBe(0);
    expect(updates, "requests settled after the stream had sent them").toBeGreaterThan(REQUESTS / 2);
  }, 240_000);
});
