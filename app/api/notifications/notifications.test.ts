import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectDb } from "@/lib/db/prisma";
import { requireSetting } from "@/lib/env";
import { HUB_APPLICATION_NAME } from "@/lib/realtime/listen-connection";
import { MAX_STREAMS_PER_USER } from "@/lib/realtime/notification-hub";
import { anonymous, get, json, notify, params, person, post } from "@/test/api";
import { SseReader } from "@/test/sse-reader";
import { POST as markRead } from "./[id]/read/route";
import { POST as markUnread } from "./[id]/unread/route";
import { POST as readAll } from "./read-all/route";
import { GET as list } from "./route";
import { GET as stream } from "./stream/route";

// The caller's notification API and live stream, called as route handlers with real Requests,
// against the test database; notifications are written by the worker's own batch writer.

let alice: { id: string; cookie: string };
let bob: { id: string; cookie: string };

beforeAll(async () => {
  alice = await person("en");
  bob = await person("ko");
});
afterAll(disconnectDb);

describe("GET /api/notifications", () => {
  it("pages newest first by cursor, filters, and counts unread in the same answer", async () => {
    await notify(alice.id, 5, "groupware/board", "board");
    await notify(alice.id, 2, "groupware/calendar", "calendar");

    const first = await json(list(get("/api/notifications?limit=3", alice), {}));
    expect(first.items.map((i: { title: string }) => i.title)).toEqual(["calendar 1", "calendar 0", "board 4"]);
    expect(first).toMatchObject({ unreadCount: 7, nextCursor: expect.stringMatching(/^\d+\.[\w-]{22}$/) });
    const second = await json(list(get(`/api/notifications?limit=3&cursor=${first.nextCursor}`, alice), {}));
    const third = await json(list(get(`/api/notifications?limit=3&cursor=${second.nextCursor}`, alice), {}));
    expect([...second.items, ...third.items].map((i: { title: string }) => i.title)).toEqual(["board 3", "board 2", "board 1", "board 0"]);
    expect(third.nextCursor).toBeNull();

    const board = await json(list(get("/api/notifications?source=groupware/board", alice), {}));
    expect(board.items).toHaveLength(5);
    expect(board.items[0]).toMatchObject({
      id: expect.stringMatching(/^\d+$/),
      eventId: expect.any(String),
      type: "notification.custom",
      source: "groupware/board",
      body: null,
      link: null,
      actor: null,
      readAt: null,
    });
  });

  it.each([
    ["limit=0", /limit/],
    ["limit=101", /limit/],
    ["cursor=abc", /cursor/],
    ["filter=maybe", /filter/],
  ])("answers 400 naming the field for %s", async (query, field) => {
    const response = await list(get(`/api/notifications?${query}`, alice), {});
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toMatch(field);
  });

  it("answers 401 without a session", async () => {
    expect((await list(anonymous("/api/notifications"), {})).status).toBe(401);
  });
});

describe("read state", () => {
  it("marks one read and unread, and refuses another person's notification with 404", async () => {
    await notify(bob.id, 2, "groupware/board", "for bob");
    const page = await json(list(get("/api/notifications?filter=unread", bob), {}));
    const before = page.unreadCount;
    const [newest] = page.items;

    expect(await json(markRead(post(`/api/notifications/${newest.id}/read`, bob), params(newest.id)))).toEqual({
      unreadCount: before - 1,
      actionCount: 0,
    });
    expect(await json(markRead(post(`/api/notifications/${newest.id}/read`, bob), params(newest.id)))).toEqual({
      unreadCount: before - 1,
      actionCount: 0,
    });
    expect(await json(markUnread(post(`/api/notifications/${newest.id}/unread`, bob), params(newest.id)))).toEqual({
      unreadCount: before,
      actionCount: 0,
    });

    for (const id of [newest.id, "999999999", "not-a-number"]) {
      const response = await markRead(post(`/api/notifications/${id}/read`, alice), params(id));
      expect(response.status).toBe(404);
    }
    const still = await json(list(get("/api/notifications?filter=unread", bob), {}));
    expect(still.items.map((i: { id: string }) => i.id)).toContain(newest.id);
  });

  it("read-all stops at upTo, so a notification that arrived during the click stays unread", async () => {
    await notify(bob.id, 3, "groupware/board", "earlier");
    const seen = await json(list(get("/api/notifications?limit=1", bob), {}));
    await notify(bob.id, 1, "groupware/board", "arrived during the click");

    const result = await json(readAll(post("/api/notifications/read-all", bob, { upTo: seen.items[0].id }), {}));
    expect(result).toEqual({ unreadCount: 1, actionCount: 0 });
    const unread = await json(list(get("/api/notifications?filter=unread", bob), {}));
    expect(unread.items.map((i: { title: string }) => i.title)).toEqual(["arrived during the click"]);

    expect((await readAll(post("/api/notifications/read-all", alice, { upTo: seen.items[0].id }), {})).status).toBe(404);
    expect((await readAll(post("/api/notifications/read-all", bob, { upTo: "x" }), {})).status).toBe(400);
  });
});

describe("GET /api/notifications/stream", () => {
  it("answers 401 without a session and 400 for a cursor it never sent", async () => {
    expect((await stream(anonymous("/api/notifications/stream"), {})).status).toBe(401);
    const bad = await stream(get("/api/notifications/stream", alice, { "last-event-id": "abc" }), {});
    expect(bad.status).toBe(400);
  });

  it("sends the SSE headers, retry, new notifications with their cursor, and read-state changes", async () => {
    const response = await stream(get("/api/notifications/stream", alice), {});
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(response.headers.get("cache-control")).toBe("no-cache, no-transform");
    expect(response.headers.get("x-accel-buffering")).toBe("no");
    const alices = new SseReader(response.body!);
    const bobs = new SseReader((await stream(get("/api/notifications/stream", bob), {})).body!);
    try {
      await notify(alice.id, 1, "groupware/board", "for alice only");
      const arrived = await alices.next("notification");
      expect(alices.retry).toBeGreaterThan(0);
      // The cursor: the position, and a signature for alice (security.test.ts tries to alter it).
      expect(arrived!.id).toMatch(/^\d+\.[\w-]{22}$/);
      const item = JSON.parse(arrived!.data);
      expect(item).toMatchObject({ title: "for alice only", readAt: null });

      await markRead(post(`/api/notifications/${item.id}/read`, alice), params(item.id));
      const change = await alices.next("read-state");
      expect(JSON.parse(change!.data)).toEqual({ ids: [item.id], read: true, unreadCount: expect.any(Number), actionCount: 0 });

      await notify(bob.id, 1, "groupware/board", "for bob");
      const bobsEvent = await bobs.next("notification");
      expect(JSON.parse(bobsEvent!.data).title).toBe("for bob");
      await expect(alices.next("notification", 1_000)).rejects.toThrow(/no notification/);
    } finally {
      await alices.close();
      await bobs.close();
    }
  });

  it("replays everything after Last-Event-ID in order, then goes on live, without repeats", async () => {
    const first = new SseReader((await stream(get("/api/notifications/stream", alice), {})).body!);
    await notify(alice.id, 1, "groupware/board", "seen");
    const seen = (await first.next("notification"))!;
    await first.close();

    await notify(alice.id, 3, "groupware/board", "missed");
    const again = new SseReader((await stream(get("/api/notifications/stream", alice, { "last-event-id": seen.id! }), {})).body!);
    try {
      const replayed = [await again.next("notification"), await again.next("notification"), await again.next("notification")];
      expect(replayed.map((e) => JSON.parse(e!.data).title)).toEqual(["missed 0", "missed 1", "missed 2"]);
      const position = (cursor: string) => BigInt(cursor.split(".")[0]!);
      expect(replayed.map((e) => position(e!.id!))).toEqual([1n, 2n, 3n].map((n) => position(seen.id!) + n));
      await notify(alice.id, 1, "groupware/board", "live");
      expect(JSON.parse((await again.next("notification"))!.data).title).toBe("live");
    } finally {
      await again.close();
    }
  });

  it("loses nothing when its LISTEN connection is killed while notifications flow", async () => {
    const reader = new SseReader((await stream(get("/api/notifications/stream", alice), {})).body!);
    const admin = new pg.Client({ connectionString: requireSetting("DATABASE_URL") });
    await admin.connect();
    try {
      const titles: string[] = [];
      for (let round = 0; round < 6; round++) {
        titles.push(...(await notify(alice.id, 5, "groupware/board", `flow ${round}`)));
        if (round === 2) {
          const killed = await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1", [
            HUB_APPLICATION_NAME,
          ]);
          expect(killed.rowCount).toBeGreaterThan(0);
        }
      }
      const received: string[] = [];
      while (received.length < titles.length) received.push(JSON.parse((await reader.next("notification", 15_000))!.data).title);
      expect(received).toEqual(titles);
    } finally {
      await admin.end();
      await reader.close();
    }
  });

  it(`refuses a person's stream beyond ${MAX_STREAMS_PER_USER} with 429`, async () => {
    const carol = await person("ko");
    const open = await Promise.all(
      Array.from(
        { length: MAX_STREAMS_PER_USER },
        async () => new SseReader((await stream(get("/api/notifications/stream", carol), {})).body!),
      ),
    );
    try {
      const refused = await stream(get("/api/notifications/stream", carol), {});
      expect(refused.status).toBe(429);
      expect((await refused.json()).error.code).toBe("rate_limited");
    } finally {
      await Promise.all(open.map((reader) => reader.close()));
    }
    const after = await stream(get("/api/notifications/stream", carol), {});
    expect(after.status).toBe(200);
    await after.body!.cancel();
  });
});
