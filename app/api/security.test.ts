import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// Before any module reads the environment: a sign-in window long enough for a burst of attempts on
// a busy machine, and short enough that the cooldown can be waited out.
vi.hoisted(() => {
  process.env.LOGIN_WINDOW_SECONDS = "8";
  process.env.LOGIN_MAX_FAILURES_PER_ACCOUNT = "5";
  process.env.LOGIN_MAX_FAILURES_PER_ADDRESS = "30";
  process.env.LOGIN_ACCOUNT_SLOWDOWN_AFTER = "10";
});

import { hashPassword } from "@/lib/auth/password";
import { findSessionUser } from "@/lib/auth/session";
import { db, disconnectDb } from "@/lib/db/prisma";
import { requireSetting } from "@/lib/env";
import type { AppError } from "@/lib/errors";
import { MAX_STREAMS_PER_USER, NotificationHub, notificationHub } from "@/lib/realtime/notification-hub";
import { openNotificationStream } from "@/lib/realtime/open-notification-stream";
import { anonymous, BAD_COOKIES, get, json, notify, params, person, post, type TestPerson } from "@/test/api";
import { SseReader } from "@/test/sse-reader";
import { POST as announce } from "./admin/announcements/route";
import { POST as replay } from "./admin/dead-letters/[id]/replay/route";
import { POST as login } from "./auth/login/route";
import { POST as logout } from "./auth/logout/route";
import { PUT as setLocale } from "./me/locale/route";
import { POST as markRead } from "./notifications/[id]/read/route";
import { POST as markUnread } from "./notifications/[id]/unread/route";
import { POST as readAll } from "./notifications/read-all/route";
import { GET as list } from "./notifications/route";
import { GET as stream } from "./notifications/stream/route";

// Hostile requests against the real routes and database: other people's ids and cursors,
// cross-site requests, oversized bodies, guessed passwords, SQL in filters.

let alice: TestPerson;
let mallory: TestPerson;
let aliceIds: string[];

beforeAll(async () => {
  alice = await person("en");
  mallory = await person("en");
  await notify(alice.id, 3, "groupware/board", "alice's secret");
  aliceIds = (await json(list(get("/api/notifications", alice), {}))).items.map((i: { id: string }) => i.id);
});
afterAll(disconnectDb);

describe("another person's notifications", () => {
  it("cannot be read, marked or found through ids, cursors or filters", async () => {
    for (const id of aliceIds) {
      expect((await markRead(post(`/api/notifications/${id}/read`, mallory), params(id))).status).toBe(404);
      expect((await markUnread(post(`/api/notifications/${id}/unread`, mallory), params(id))).status).toBe(404);
    }
    expect((await readAll(post("/api/notifications/read-all", mallory, { upTo: aliceIds[0] }), {})).status).toBe(404);
    const mine = await json(list(get("/api/notifications", alice), {}));
    expect(mine.unreadCount).toBe(3);

    for (const query of ["", "?filter=unread", `?source=${encodeURIComponent("groupware/board' OR 1=1 --")}`]) {
      const page = await json(list(get(`/api/notifications${query}`, mallory), {}));
      expect(page.items, query).toEqual([]);
    }
  });

  it("take a paging cursor only from the person it was handed to, and only as it was handed out", async () => {
    const { nextCursor } = await json(list(get("/api/notifications?limit=1", alice), {}));
    const [seq, signature] = nextCursor.split(".");
    const altered = [
      [mallory, nextCursor],
      [alice, `${BigInt(seq) + 1n}.${signature}`],
      [alice, `${seq}.${signature.slice(0, -1)}${signature.endsWith("A") ? "B" : "A"}`],
      [alice, seq],
      [alice, "999999999"],
    ] as const;
    for (const [who, cursor] of altered) {
      const response = await list(get(`/api/notifications?cursor=${encodeURIComponent(cursor)}`, who), {});
      expect(response.status, cursor).toBe(400);
      expect((await response.json()).error.message).toBe("cursor: must be a cursor returned by this API");
    }
    const next = await json(list(get(`/api/notifications?limit=1&cursor=${encodeURIComponent(nextCursor)}`, alice), {}));
    expect(next.items).toHaveLength(1);
  });

  it("take a stream cursor (Last-Event-ID) only from the person it was handed to: 400 before anything is sent", async () => {
    const { nextCursor } = await json(list(get("/api/notifications?limit=1", alice), {}));
    const [seq, signature] = nextCursor.split(".");
    const refused = [
      [mallory, nextCursor],
      [mallory, "0"],
      [alice, seq],
      [alice, `0.${signature}`],
    ] as const;
    for (const [who, lastEventId] of refused) {
      const response = await stream(get("/api/notifications/stream", who, { "last-event-id": lastEventId }), {});
      expect(response.status, lastEventId).toBe(400);
      expect((await response.json()).error.message).toBe("Last-Event-ID: must be a cursor returned by this API");
    }
  });

  it("never carry another person's notifications on a stream", async () => {
    const response = await stream(get("/api/notifications/stream", mallory), {});
    expect(response.status).toBe(200);
    const mallorys = new SseReader(response.body!);
    try {
      // Alice's is written first: had the stream carried it, it would come before mallory's own.
      await notify(alice.id, 1, "groupware/board", "alice's secret, live");
      await notify(mallory.id, 1, "groupware/board", "mallory's own");
      const first = await mallorys.next("notification");
      expect(JSON.parse(first!.data).title).toBe("mallory's own");
    } finally {
      await mallorys.close();
    }
  });

  it("treats SQL in filters as a value: it matches nothing and changes nothing", async () => {
    const before = await db().notification.count();
    for (const source of ["x'; DELETE FROM notifications; --", "' OR '1'='1", "groupware/board\\'"]) {
      const response = await list(get(`/api/notifications?source=${encodeURIComponent(source)}`, alice), {});
      expect(response.status).toBe(200);
      expect((await response.json()).items).toEqual([]);
    }
    expect(await db().notification.count()).toBe(before);
  });
});

describe("live streams", () => {
  it("refuse a top-level navigation (a link from another site): no stream slot, nothing marked delivered", async () => {
    const before = notificationHub().streams;
    const response = await stream(
      get("/api/notifications/stream", alice, { "sec-fetch-dest": "document", "sec-fetch-mode": "navigate" }),
      {},
    );
    expect(response.status).toBe(403);
    expect(notificationHub().streams).toBe(before);
    expect(await db().notification.count({ where: { userId: alice.id, deliveredAt: { not: null } } })).toBe(0);
  });

  it("hold the per-person cap when streams are opened at once while the LISTEN connection is still being made", async () => {
    const hub = new NotificationHub({ databaseUrl: requireSetting("DATABASE_URL"), heartbeatMs: 60_000 });
    const who = await person("en");
    const session = { id: "cap-test", expiresAt: new Date(Date.now() + 60_000) };
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, () =>
        hub.subscribe({
          userId: who.id,
          locale: "en",
          lastSeq: 0n,
          session,
          write: () => undefined,
          end: () => undefined,
          backlog: () => 0,
          stalled: () => false,
          abort: () => undefined,
        }),
      ),
    );
    const opened = results.filter((r): r is PromiseFulfilledResult<() => void> => r.status === "fulfilled");
    expect(opened).toHaveLength(MAX_STREAMS_PER_USER);
    expect(results.filter((r) => r.status === "rejected").map((r) => (r.reason as AppError).code)).toEqual(
      Array(30 - MAX_STREAMS_PER_USER).fill("rate_limited"),
    );
    for (const { value: unsubscribe } of opened) unsubscribe();
    expect(hub.streams).toBe(0);
    await hub.close();
  });
});

describe("cross-site requests", () => {
  const changes: [string, (who: TestPerson, headers: Record<string, string>) => Promise<Response>][] = [
    [
      "POST /api/notifications/{id}/read",
      (who, h) => markRead(withHeaders(post(`/api/notifications/${aliceIds[0]}/read`, who), h), params(aliceIds[0]!)),
    ],
    [
      "POST /api/notifications/{id}/unread",
      (who, h) => markUnread(withHeaders(post(`/api/notifications/${aliceIds[0]}/unread`, who), h), params(aliceIds[0]!)),
    ],
    [
      "POST /api/notifications/read-all",
      (who, h) => readAll(withHeaders(post("/api/notifications/read-all", who, { upTo: aliceIds[0] }), h), {}),
    ],
    ["PUT /api/me/locale", (who, h) => setLocale(withHeaders(post("/api/me/locale", who, { locale: "ko" }), h, "PUT"), {})],
    // Someone of its own: the allowed call ends the session.
    ["POST /api/auth/logout", async (_, h) => logout(withHeaders(post("/api/auth/logout", await person("en")), h), {})],
    ["POST /api/auth/login", (who, h) => login(withHeaders(post("/api/auth/login", who, { email: "x@y.z", password: "nope" }), h), {})],
    // An admin of its own, and a body the route refuses (400) once past the check: nothing is published.
    [
      "POST /api/admin/announcements",
      async (_, h) => announce(withHeaders(post("/api/admin/announcements", await person("en", { role: "ADMIN" }), { title: "" }), h), {}),
    ],
    // A dead letter that does not exist: past the check it is a 404, and nothing is sent.
    [
      "POST /api/admin/dead-letters/{id}/replay",
      async (_, h) =>
        replay(
          withHeaders(post("/api/admin/dead-letters/999999999/replay", await person("en", { role: "ADMIN" })), h),
          params("999999999"),
        ),
    ],
  ];

  it.each(changes)("%s: 403 from another site (Sec-Fetch-Site or Origin), allowed from our own pages", async (_, call) => {
    const foreign: Record<string, string>[] = [
      { "sec-fetch-site": "cross-site" },
      { "sec-fetch-site": "same-site" },
      { origin: "https://evil.example" },
      { origin: "null" },
    ];
    for (const headers of foreign) {
      const response = await call(alice, headers);
      expect(response.status, JSON.stringify(headers)).toBe(403);
      expect((await response.json()).error.message).toBe("Cross-site requests are refused.");
    }
    const own = await call(alice, { "sec-fetch-site": "same-origin", origin: "http://localhost:3000" });
    expect(own.status).not.toBe(403);
  });
});

describe("input limits", () => {
  it("answers 413 for a body over 64 KiB, whether or not it says its length", async () => {
    const big = JSON.stringify({ upTo: "1", padding: "x".repeat(70_000) });
    const declared = await readAll(post("/api/notifications/read-all", alice, JSON.parse(big)), {});
    expect(declared.status).toBe(413);
    expect((await declared.json()).error.code).toBe("payload_too_large");
    const chunked = new Request("http://localhost:3000/api/notifications/read-all", {
      method: "POST",
      headers: { cookie: alice.cookie, "content-type": "application/json" },
      body: new Blob([big]).stream(),
      duplex: "half",
    } as RequestInit);
    expect((await readAll(chunked, {})).status).toBe(413);
  });

  it.each(["abc", "-1", "1e9", "99999999999999999999", "1 OR 1=1"])("answers 400 for the tampered cursor %j", async (cursor) => {
    const response = await list(get(`/api/notifications?cursor=${encodeURIComponent(cursor)}`, alice), {});
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toMatch(/^cursor: /);
  });
});

describe("sign-in attempts", () => {
  const signIn = (email: string, password: string, address: string) =>
    login(
      new Request("http://localhost:3000/api/auth/login", {
        method: "POST",
        headers: { "x-forwarded-for": address },
        body: JSON.stringify({ email, password }),
      }),
      {},
    );

  async function personWithPassword(): Promise<string> {
    const id = `S${randomUUID().slice(0, 8)}`;
    const email = `${id.toLowerCase()}@groupware.test`;
    await db().user.create({
      data: { id, email, name: id, departmentId: "D01", passwordHash: await hashPassword("right-password"), locale: "en" },
    });
    return email;
  }

  it("refuses 1,000 wrong passwords from one address with 429 after the first few, then lets the right one in after the cooldown", async () => {
    const email = await personWithPassword();
    const attempt = (password: string, address = "203.0.113.7") => signIn(email, password, address);

    // All at once, as a script would send them: each is counted before its password is checked.
    const statuses = await Promise.all(Array.from({ length: 1000 }, (_, i) => attempt(`wrong-${i}`).then((r) => r.status)));
    expect(tally(statuses)).toEqual({ 401: 5, 429: 995 });

    const refused = await attempt("right-password");
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, (Number(refused.headers.get("retry-after")) + 0.5) * 1000));
    expect((await attempt("right-password")).status).toBe(204);
  });

  it("lets nobody lock a colleague out: guesses from elsewhere leave the right password from a clean address working", async () => {
    const email = await personWithPassword();
    // A colleague's desk guesses six times: that desk is blocked, the account is not.
    const desk = await Promise.all(Array.from({ length: 6 }, (_, i) => signIn(email, `wrong-${i}`, "198.51.100.7").then((r) => r.status)));
    expect(tally(desk)).toEqual({ 401: 5, 429: 1 });
    expect((await signIn(email, "right-password", "203.0.113.50")).status).toBe(204);
  });

  it("slows guesses at one account from many addresses with growing delays, without blocking a clean address", async () => {
    const email = await personWithPassword();
    // 60 addresses, three guesses each, all at once: each address's first guess is checked; past
    // ten failures the account takes one more guess per (doubling) delay from addresses that failed.
    const statuses = await Promise.all(
      Array.from({ length: 180 }, (_, i) => signIn(email, `wrong-${i}`, `198.51.100.${i % 60}`).then((r) => r.status)),
    );
    const { 401: checked = 0, 429: refused = 0 } = tally(statuses);
    expect(checked).toBeGreaterThanOrEqual(60);
    expect(checked).toBeLessThanOrEqual(60 + 10 + 1);
    expect(refused).toBe(180 - checked);
    const delayed = await signIn(email, "right-password", "198.51.100.3");
    expect(delayed.status).toBe(429);
    expect((await signIn(email, "right-password", "203.0.113.51")).status).toBe(204);
  });

  it("counts an IPv6 caller by its /64: another address of the same network is the same caller", async () => {
    const email = await personWithPassword();
    const statuses = await Promise.all(
      Array.from({ length: 6 }, (_, i) => signIn(email, `wrong-${i}`, `2001:db8:5:7::${(i + 1).toString(16)}`).then((r) => r.status)),
    );
    expect(tally(statuses)).toEqual({ 401: 5, 429: 1 });
    expect((await signIn(email, "right-password", "2001:db8:5:7:ffff::1")).status).toBe(429);
    expect((await signIn(email, "right-password", "2001:db8:5:8::1")).status).toBe(204);
  });

  it("keeps no row past its window, so random emails do not pile up", async () => {
    const address = "192.0.2.201";
    await Promise.all(Array.from({ length: 20 }, (_, i) => signIn(`random-${randomUUID()}-${i}@groupware.test`, "guess", address)));
    const ofAddress = { OR: [{ key: { contains: `|${address}` } }, { key: `address:${address}` }] };
    expect(await db().loginAttempt.count({ where: ofAddress })).toBe(21);
    await db().loginAttempt.updateMany({ where: ofAddress, data: { firstFailedAt: new Date(Date.now() - 3_600_000) } });
    await signIn("someone@groupware.test", "guess", "192.0.2.202");
    expect(await db().loginAttempt.count({ where: ofAddress })).toBe(0);
  });

  it("limits one address guessing across many accounts", async () => {
    const statuses = await Promise.all(
      Array.from({ length: 40 }, (_, i) => signIn(`nobody-${i}@groupware.test`, "guess", "192.0.2.99").then((r) => r.status)),
    );
    expect(tally(statuses)).toEqual({ 401: 30, 429: 10 });
  });

  it("does not count right sign-ins against an address an office shares", async () => {
    const email = await personWithPassword();
    for (let i = 0; i < 35; i++) expect((await signIn(email, "right-password", "192.0.2.150")).status, `sign-in ${i + 1}`).toBe(204);
  });
});

describe("cookies", () => {
  const routes: [string, (cookie: Record<string, string>) => Promise<Response>][] = [
    ["GET /api/notifications", (h) => list(anonymous("/api/notifications", { headers: h }), {})],
    [
      "POST /api/notifications/{id}/read",
      (h) => markRead(anonymous(`/api/notifications/${aliceIds[0]}/read`, { method: "POST", headers: h }), params(aliceIds[0]!)),
    ],
    [
      "POST /api/notifications/{id}/unread",
      (h) => markUnread(anonymous(`/api/notifications/${aliceIds[0]}/unread`, { method: "POST", headers: h }), params(aliceIds[0]!)),
    ],
    [
      "POST /api/notifications/read-all",
      (h) =>
        readAll(anonymous("/api/notifications/read-all", { method: "POST", headers: h, body: JSON.stringify({ upTo: aliceIds[0] }) }), {}),
    ],
    ["GET /api/notifications/stream", (h) => stream(anonymous("/api/notifications/stream", { headers: h }), {})],
    [
      "PUT /api/me/locale",
      (h) => setLocale(anonymous("/api/me/locale", { method: "PUT", headers: h, body: JSON.stringify({ locale: "ko" }) }), {}),
    ],
  ];

  it.each(BAD_COOKIES)("answer 401 on every notification route with %s", async (_, makeCookie) => {
    const cookie = await makeCookie();
    const unreadBefore = (await json(list(get("/api/notifications", alice), {}))).unreadCount;
    for (const [route, call] of routes) {
      const response = await call(cookie ? { cookie } : {});
      expect(response.status, route).toBe(401);
      expect((await response.json()).error.code, route).toBe("unauthorized");
    }
    expect((await json(list(get("/api/notifications", alice), {}))).unreadCount).toBe(unreadBefore);
  });

  it("are signed: the token alone, or with another signature, is refused although its session exists", async () => {
    const [, token, signature] = /^gw_session=([^.]+)\.(.+)$/.exec(alice.cookie)!;
    expect((await list(get("/api/notifications", alice), {})).status).toBe(200);
    for (const cookie of [
      `gw_session=${token}`,
      `gw_session=${token}.${randomBytes(16).toString("base64url")}`,
      `gw_session=${token}.${signature}x`,
    ]) {
      expect((await list(anonymous("/api/notifications", { headers: { cookie } }), {})).status, cookie).toBe(401);
    }
  });
});

describe("sessions", () => {
  // Keep-alives every second: the hub closes a stream whose session has expired at the next one.
  const hub = new NotificationHub({ databaseUrl: requireSetting("DATABASE_URL"), heartbeatMs: 1_000 });
  afterAll(() => hub.close());

  async function openStream(who: TestPerson): Promise<SseReader> {
    const user = await findSessionUser(who.cookie.slice("gw_session=".length));
    if (!user) throw new Error("no session");
    const response = await openNotificationStream({ request: get("/api/notifications/stream", who), user, hub });
    expect(response.status).toBe(200);
    return new SseReader(response.body!);
  }

  it("end at sign-out, and so do the live streams opened with them", async () => {
    const ines = await person("en");
    const reader = await openStream(ines);
    try {
      expect((await logout(post("/api/auth/logout", ines), {})).status).toBe(204);
      // Ended, not merely quiet: the stream closes, so the browser reconnects and is refused.
      expect(await reader.next("notification", 5_000)).toBeNull();
      expect((await list(get("/api/notifications", ines), {})).status).toBe(401);
      expect((await stream(get("/api/notifications/stream", ines), {})).status).toBe(401);
    } finally {
      await reader.close();
    }
  });

  it("close a live stream once the session it was opened with has expired", async () => {
    const jun = await person("en");
    await db().session.updateMany({ where: { userId: jun.id }, data: { expiresAt: new Date(Date.now() + 1_500) } });
    const reader = await openStream(jun);
    try {
      expect(await reader.next("notification", 6_000)).toBeNull();
    } finally {
      await reader.close();
    }
  });

  it("are one per browser: signing in again ends the session the browser brought", async () => {
    const kim = await person("en");
    const id = `S${randomUUID().slice(0, 8)}`;
    const email = `${id.toLowerCase()}@groupware.test`;
    await db().user.create({
      data: { id, email, name: id, departmentId: "D01", passwordHash: await hashPassword("right-password"), locale: "en" },
    });
    const response = await login(
      new Request("http://localhost:3000/api/auth/login", {
        method: "POST",
        headers: { cookie: kim.cookie },
        body: JSON.stringify({ email, password: "right-password" }),
      }),
      {},
    );
    expect(response.status).toBe(204);
    expect(response.headers.get("set-cookie")).not.toContain(kim.cookie);
    expect((await list(get("/api/notifications", kim), {})).status).toBe(401);
  });
});

function tally(statuses: number[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const status of statuses) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

function withHeaders(request: Request, headers: Record<string, string>, method = request.method): Request {
  const merged = new Headers(request.headers);
  for (const [key, value] of Object.entries(headers)) merged.set(key, value);
  return new Request(request.url, { method, headers: merged, body: request.body, duplex: "half" } as RequestInit);
}
