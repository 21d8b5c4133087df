import type { ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "@/lib/auth/session";
import { db, disconnectDb } from "@/lib/db/prisma";
import { decodeEvent } from "@/lib/events/cloud-event";
import { buildCloudEvent } from "@/lib/events/producer";
import { storeBatch } from "@/lib/notifications/store-batch";
import { ROOT, startWeb, terminate, waitForHttp } from "@/scripts/stack";
import { eventually } from "@/test/eventually";

// A reader that stops reading (a laptop asleep, a stuck proxy) is cut off end to end, over real
// HTTP through the built app: its connection is closed by the web process (at a keep-alive, here
// every second), not only forgotten by the hub while Next's pipe and the socket go on holding what
// was written. It then reconnects with Last-Event-ID and is paced through a replay far larger than
// the bound: every notification, in order, none twice, on that one connection.
const PORT = 3112;
const NOTIFICATIONS = 5_000;

describe("a reader that stops reading", () => {
  let web: ChildProcess;
  const userId = `T${randomUUID().slice(0, 8)}`;
  let cookie: string;

  beforeAll(async () => {
    if (!existsSync(path.join(ROOT, ".next", "BUILD_ID"))) throw new Error("build the app first (npm test does)");
    await db().user.create({
      data: { id: userId, email: `${userId.toLowerCase()}@groupware.test`, name: userId, departmentId: "D04", passwordHash: "-" },
    });
    cookie = `gw_session=${(await createSession(userId)).token}`;
    web = startWeb({ NODE_ENV: "production", LOG_LEVEL: "warn", SSE_HEARTBEAT_SECONDS: "1" }, PORT);
    await waitForHttp(`http://127.0.0.1:${PORT}/api/health`, web, `web on ${PORT}`, 60_000);
  }, 90_000);

  afterAll(async () => {
    await terminate(web);
    await disconnectDb();
  });

  it("is disconnected by the server, and its reconnect replays everything once", async () => {
    const stalled = await openStream({});
    stalled.response.pause();
    const clientPort = stalled.response.socket.localPort!;
    expect(await serverHolds(clientPort)).toBe(true);

    // About 17 MB of frames: more than the loopback socket buffers of both ends and the bound.
    await storeBatch(db(), { events: Array.from({ length: NOTIFICATIONS }, (_, i) => custom(i)), deadLetters: [] });
    await eventually(
      async () => ((await serverHolds(clientPort)) ? null : true),
      60_000,
      "the web process closed the stalled stream's connection",
    );

    // What reached the client before the cut is whole frames up to some cursor, then the end.
    stalled.response.resume();
    const first = await stalled.frames;
    expect(first.length).toBeGreaterThan(0);
    expect(first.length).toBeLessThan(NOTIFICATIONS);
    const lastId = first.at(-1)!.id;

    const again = await openStream({ "last-event-id": lastId }, NOTIFICATIONS - first.length);
    const rest = await again.frames;
    const seen = [...first, ...rest].map((frame) => JSON.parse(frame.data).title as string);
    expect(seen).toEqual(Array.from({ length: NOTIFICATIONS }, (_, i) => titleOf(i)));
  }, 120_000);

  // Whether the web process still has the connection from that client port open (ESTABLISHED in
  // the kernel's table; once the process closes it, it is no longer, whatever the client reads).
  async function serverHolds(clientPort: number): Promise<boolean> {
    const hex = (port: number) => port.toString(16).toUpperCase().padStart(4, "0");
    const table = await readFile("/proc/net/tcp", "utf8");
    return table.split("\n").some((line) => {
      const [, local, remote, state] = line.trim().split(/\s+/);
      return local?.endsWith(`:${hex(PORT)}`) && remote?.endsWith(`:${hex(clientPort)}`) && state === "01";
    });
  }

  // A stream over node:http; `frames` resolves with its notification frames when it ends, or once
  // `until` of them have arrived (then it is closed).
  function openStream(headers: Record<string, string>, until = Number.POSITIVE_INFINITY) {
    return new Promise<{ response: http.IncomingMessage; frames: Promise<{ id: string; data: string }[]> }>((resolve, reject) => {
      const request = http.get(
        { host: "127.0.0.1", port: PORT, path: "/api/notifications/stream", agent: false, headers: { cookie, ...headers } },
        (response) => {
          if (response.statusCode !== 200) return reject(new Error(`status ${response.statusCode}`));
          const frames: { id: string; data: string }[] = [];
          let buffer = "";
          const done = new Promise<{ id: string; data: string }[]>((finish) => {
            response.on("close", () => finish(frames));
            response.on("error", () => finish(frames));
            request.on("error", () => finish(frames));
          });
          response.setEncoding("utf8");
          response.on("data", (chunk: string) => {
            buffer += chunk;
            for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
              const lines = buffer.slice(0, end).split("\n");
              buffer = buffer.slice(end + 2);
              if (!lines.includes("event: notification")) continue;
              const id = lines.find((line) => line.startsWith("id: "))!.slice(4);
              frames.push({ id, data: lines.find((line) => line.startsWith("data: "))!.slice(6) });
              if (frames.length >= until) request.destroy();
            }
          });
          resolve({ response, frames: done });
        },
      );
      request.on("error", reject);
    });
  }

  function custom(i: number) {
    const event = buildCloudEvent({
      type: "notification.custom",
      source: "groupware/board",
      data: { recipients: { userIds: [userId] }, title: titleOf(i), body: "밀린 알림의 본문".repeat(120) },
    });
    const decoded = decodeEvent(Buffer.from(JSON.stringify(event)));
    if (!decoded.ok) throw new Error(decoded.reason);
    return { ...decoded.event, topic: "test", partition: 0, offset: "0" };
  }
});

function titleOf(i: number): string {
  return `밀린 알림 ${String(i).padStart(5, "0")}`;
}
