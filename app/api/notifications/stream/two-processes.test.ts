import type { ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "@/lib/auth/password";
import { db, disconnectDb } from "@/lib/db/prisma";
import { decodeEvent } from "@/lib/events/cloud-event";
import { buildCloudEvent } from "@/lib/events/producer";
import { storeBatch } from "@/lib/notifications/store-batch";
import { ROOT, startWeb, terminate, waitForHttp } from "@/scripts/stack";
import { SseReader } from "@/test/sse-reader";

// Two web processes side by side (the built app under server.ts, over HTTP): each holds its
// own LISTEN connection, and both deliver a person's notifications and read state.
const PORTS = [3110, 3111];
const PASSWORD = "two-processes-password";

describe("two web processes", () => {
  const webs: ChildProcess[] = [];
  const userId = `T${randomUUID().slice(0, 8)}`;
  const email = `${userId.toLowerCase()}@groupware.test`;

  beforeAll(async () => {
    if (!existsSync(path.join(ROOT, ".next", "BUILD_ID"))) throw new Error("build the app first (npm test does)");
    await db().user.create({ data: { id: userId, email, name: userId, departmentId: "D04", passwordHash: await hashPassword(PASSWORD) } });
    for (const port of PORTS) webs.push(startWeb({ NODE_ENV: "production", LOG_LEVEL: "warn" }, port));
    await Promise.all(PORTS.map((port, i) => waitForHttp(`http://127.0.0.1:${port}/api/health`, webs[i]!, `web on ${port}`, 60_000)));
  }, 90_000);

  afterAll(async () => {
    await Promise.all(webs.map((web) => terminate(web)));
    await disconnectDb();
  });

  it("both deliver a notification live, and a read through one reaches the other", async () => {
    const cookies = await Promise.all(PORTS.map((port) => signIn(port)));
    for (const port of PORTS) expect((await fetch(`http://127.0.0.1:${port}/api/notifications/stream`)).status).toBe(401);
    const streams = await Promise.all(
      PORTS.map(async (port, i) => {
        const response = await fetch(`http://127.0.0.1:${port}/api/notifications/stream`, { headers: { cookie: cookies[i]! } });
        expect(response.status).toBe(200);
        return new SseReader(response.body!);
      }),
    );
    try {
      const event = buildCloudEvent({
        type: "notification.custom",
        source: "groupware/board",
        data: { recipients: { userIds: [userId] }, title: "두 프로세스" },
      });
      const decoded = decodeEvent(Buffer.from(JSON.stringify(event)));
      if (!decoded.ok) throw new Error(decoded.reason);
      await storeBatch(db(), { events: [{ ...decoded.event, topic: "test", partition: 0, offset: "0" }], deadLetters: [] });

      const received = await Promise.all(streams.map((s) => s.next("notification", 15_000)));
      const items = received.map((e) => JSON.parse(e!.data));
      expect(items.map((i) => i.title)).toEqual(["두 프로세스", "두 프로세스"]);
      expect(received[0]!.id).toBe(received[1]!.id);

      const read = await fetch(`http://127.0.0.1:${PORTS[0]}/api/notifications/${items[0].id}/read`, {
        method: "POST",
        headers: { cookie: cookies[0]! },
      });
      expect(await read.json()).toEqual({ unreadCount: 0, actionCount: 0 });
      const change = await streams[1]!.next("read-state", 15_000);
      expect(JSON.parse(change!.data)).toEqual({ ids: [items[0].id], read: true, unreadCount: 0, actionCount: 0 });
    } finally {
      await Promise.all(streams.map((s) => s.close()));
    }
  }, 60_000);

  async function signIn(port: number): Promise<string> {
    const response = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password: PASSWORD }),
    });
    expect(response.status).toBe(204);
    return response.headers.get("set-cookie")!.split(";")[0]!;
  }
});
