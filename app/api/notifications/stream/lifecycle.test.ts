import { randomUUID } from "node:crypto";
import v8 from "node:v8";
import vm from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession, findSessionUser } from "@/lib/auth/session";
import { db, disconnectDb } from "@/lib/db/prisma";
import { requireSetting } from "@/lib/env";
import { decodeEvent } from "@/lib/events/cloud-event";
import { buildCloudEvent } from "@/lib/events/producer";
import { storeBatch } from "@/lib/notifications/store-batch";
import { NotificationHub } from "@/lib/realtime/notification-hub";
import { openNotificationStream } from "@/lib/realtime/open-notification-stream";
import { notify } from "@/test/api";
import { eventually } from "@/test/eventually";
import { SseReader } from "@/test/sse-reader";

// What a stream leaves behind: keep-alive comments while it is open, nothing once it is gone. The
// streams go through a hub of the test's own, with a keep-alive every second.
const hub = new NotificationHub({ databaseUrl: requireSetting("DATABASE_URL"), heartbeatMs: 1_000 });
let cookie: string;
let userId: string;

beforeAll(async () => {
  const id = `T${randomUUID().slice(0, 8)}`;
  userId = id;
  await db().user.create({ data: { id, email: `${id.toLowerCase()}@groupware.test`, name: id, departmentId: "D03", passwordHash: "-" } });
  cookie = `gw_session=${(await createSession(id)).token}`;
});
afterAll(async () => {
  await hub.close();
  await disconnectDb();
});

const open = async (lastEventId?: string) => {
  const headers: Record<string, string> = { cookie, ...(lastEventId ? { "last-event-id": lastEventId } : {}) };
  const request = new Request("http://localhost:3000/api/notifications/stream", { headers });
  const user = await findSessionUser(cookie.slice("gw_session=".length));
  if (!user) throw new Error("no session");
  const response = await openNotificationStream({ request, user, hub });
  expect(response.status).toBe(200);
  return new SseReader(response.body!);
};

describe("a live stream's lifecycle", () => {
  it("sends keep-alive comments while idle (SSE_HEARTBEAT_SECONDS, here 1 s)", async () => {
    const reader = await open();
    try {
      await expect(reader.next("notification", 2_500)).rejects.toThrow();
      expect(reader.comments).toBeGreaterThanOrEqual(2); // ": connected" and at least one keep-alive
    } finally {
      await reader.close();
    }
  });

  it("starts with the cursor it streams from, so a connection lost before its first notification misses nothing", async () => {
    const first = await open();
    await expect(first.next("notification", 500)).rejects.toThrow();
    const startedAt = first.lastEventId;
    expect(startedAt).toMatch(/^\d+\./);
    await first.close();

    // Stored while the browser was away, before it ever received a notification.
    await notify(userId, 1, "groupware/board", "끊긴 사이에 온 알림");

    const again = await open(startedAt ?? undefined);
    try {
      const replayed = await again.next("notification");
      expect(JSON.parse(replayed?.data ?? "{}").title).toBe("끊긴 사이에 온 알림");
    } finally {
      await again.close();
    }
  });

  it("cuts off a reader that stops reading once more than 1 MiB waits for it", async () => {
    const reader = await open();
    const events = Array.from({ length: 4_000 }, (_, i) => {
      const event = buildCloudEvent({
        type: "notification.custom",
        source: "groupware/board",
        data: { recipients: { userIds: [userId] }, title: `밀린 알림 ${i} ${"·".repeat(200)}` },
      });
      const decoded = decodeEvent(Buffer.from(JSON.stringify(event)));
      if (!decoded.ok) throw new Error(decoded.reason);
      return { ...decoded.event, topic: "test", partition: 0, offset: "0" };
    });
    await storeBatch(db(), { events, deadLetters: [] });
    await eventually(async () => (hub.streams === 0 ? true : null), 20_000, "the slow stream closed");

    // Aborted, not ended: what was waiting for it is dropped at once (Next destroys the socket),
    // and the browser reconnects with Last-Event-ID (slow-reader.test.ts, over HTTP).
    await expect(reader.next("notification", 5_000)).rejects.toThrow(/too far behind/);
  });

  it("10,000 connect/disconnect cycles leave no stream, timer or memory behind", async () => {
    v8.setFlagsFromString("--expose-gc");
    const gc = vm.runInNewContext("gc") as () => void;
    const cycle = async () => {
      const reader = await open();
      await reader.close();
    };
    for (let i = 0; i < 500; i++) await cycle();
    gc();
    const before = process.memoryUsage().heapUsed;

    for (let i = 0; i < 10_000; i++) await cycle();
    await new Promise((resolve) => setTimeout(resolve, 100));
    gc();
    const after = process.memoryUsage().heapUsed;

    expect(hub.streams).toBe(0);
    expect(hub.beating).toBe(false);
    // Growth that scaled with the cycles would be megabytes (a few hundred bytes each).
    expect(after - before).toBeLessThan(2 * 1024 * 1024);
  }, 180_000);
});
