import { randomUUID } from "node:crypto";
import { Kafka, logLevel } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db/prisma";
import { kafkaBrokers } from "@/lib/env";
import { TOPICS } from "@/lib/events/catalog";
import { buildCloudEvent } from "@/lib/events/producer";
import { storeBatch } from "@/lib/notifications/store-batch";
import { anonymous, BAD_COOKIES, get, json, notify, params, person, post, type TestPerson } from "@/test/api";
import { eventually } from "@/test/eventually";
import { readTopic } from "@/test/kafka";
import { SseReader } from "@/test/sse-reader";
import { POST as markRead } from "../notifications/[id]/read/route";
import { GET as stream } from "../notifications/stream/route";
import { POST as announce } from "./announcements/route";
import { POST as replay } from "./dead-letters/[id]/replay/route";
import { GET as deadLetters } from "./dead-letters/route";
import { GET as directory } from "./directory/route";
import { GET as eventPage } from "./events/[id]/route";
import { GET as exportCsv } from "./notifications/export/route";
import { GET as list } from "./notifications/route";
import { GET as stats } from "./stats/route";

// The admin API called as route handlers with real Requests, against the test database and Kafka.

let admin: TestPerson;
let employee: TestPerson;
let started: string;

beforeAll(async () => {
  started = new Date(Date.now() - 1000).toISOString();
  admin = await person("en", { role: "ADMIN" });
  employee = await person("en", { departmentId: "D03" });
});
afterAll(disconnectDb);

describe("who may use the admin API", () => {
  const routes: [string, (who: { cookie: string } | null) => Promise<Response>][] = [
    ["GET /api/admin/notifications", (who) => list(request("/api/admin/notifications", who), {})],
    ["GET /api/admin/notifications/export", (who) => exportCsv(request("/api/admin/notifications/export", who), {})],
    ["GET /api/admin/events/1", (who) => eventPage(request("/api/admin/events/1", who), params("1"))],
    ["GET /api/admin/dead-letters", (who) => deadLetters(request("/api/admin/dead-letters", who), {})],
    ["POST /api/admin/dead-letters/1/replay", (who) => replay(request("/api/admin/dead-letters/1/replay", who, {}), params("1"))],
    ["POST /api/admin/announcements", (who) => announce(request("/api/admin/announcements", who, { title: "x", all: true }), {})],
    ["GET /api/admin/stats", (who) => stats(request("/api/admin/stats", who), {})],
    ["GET /api/admin/directory", (who) => directory(request("/api/admin/directory", who), {})],
  ];

  it.each(routes)("%s: 403 JSON for an employee", async (_, call) => {
    const refused = await call(employee);
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.code).toBe("forbidden");
  });

  // An admin's own session, made unusable: never the admin's answer, always 401.
  it.each(BAD_COOKIES)("401 JSON on every route with %s", async (_, makeCookie) => {
    const cookie = await makeCookie("ADMIN");
    for (const [route, call] of routes) {
      const response = await call(cookie === null ? null : { cookie });
      expect(response.status, route).toBe(401);
      expect((await response.json()).error.code, route).toBe("unauthorized");
    }
  });
});

describe("GET /api/admin/notifications", () => {
  it("lists everyone's notifications with their recipient, filters each way, and pages without a gap or a repeat", async () => {
    const ana = await person("ko", { departmentId: "D02" });
    const ben = await person("en", { departmentId: "D04" });
    const anaTitles = await notify(ana.id, 7, "groupware/board", "ana");
    const benTitles = await notify(ben.id, 5, "groupware/calendar", "ben");
    const ours = (query: string) => `/api/admin/notifications?from=${encodeURIComponent(started)}&${query}`;

    const both = await json(list(get(ours(`recipientId=${ana.id}&limit=100`), admin), {}));
    expect(both.items.map((i: { title: string }) => i.title)).toEqual([...anaTitles].reverse());
    expect(both.items[0]).toMatchObject({
      recipient: { id: ana.id, name: ana.id, departmentId: "D02" },
      source: "groupware/board",
      type: "notification.custom",
      readAt: null,
      deliveredAt: null,
      eventRecordId: expect.stringMatching(/^\d+$/),
    });

    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await json(list(get(ours(`recipientId=${ben.id}&limit=2${cursor ? `&cursor=${cursor}` : ""}`), admin), {}));
      paged.push(...page.items.map((i: { title: string }) => i.title));
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged).toEqual([...benTitles].reverse());

    const titles = async (query: string) =>
      (await json(list(get(ours(`${query}&limit=100`), admin), {}))).items
        .filter((i: { recipient: { id: string } }) => [ana.id, ben.id].includes(i.recipient.id))
        .map((i: { title: string }) => i.title);
    expect(await titles("departmentId=D04")).toEqual([...benTitles].reverse());
    expect(await titles("source=groupware/board")).toEqual([...anaTitles].reverse());
    expect(await titles("type=notification.custom")).toHaveLength(12);
    const [firstOfAna] = (await json(list(get(ours(`recipientId=${ana.id}&limit=1`), admin), {}))).items;
    await markRead(post(`/api/notifications/${firstOfAna.id}/read`, ana), params(firstOfAna.id));
    expect(await titles("status=read")).toEqual([anaTitles.at(-1)]);
    expect(await titles(`status=unread&recipientId=${ana.id}`)).toEqual([...anaTitles].reverse().slice(1));
    expect(await titles(`eventId=${firstOfAna.eventId}`)).toEqual([anaTitles.at(-1)]);
    expect(await titles(`to=${encodeURIComponent(started)}`)).toEqual([]);
  });

  it.each([
    ["cursor=bm90LWEtY3Vyc29y", /cursor/],
    ["status=maybe", /status/],
    ["from=yesterday", /from/],
    ["limit=101", /limit/],
  ])("answers 400 naming the field for %s, listing or exporting", async (query, field) => {
    for (const [path, route] of [
      ["/api/admin/notifications", list],
      ["/api/admin/notifications/export", exportCsv],
    ] as const) {
      const response = await route(get(`${path}?${query}`, admin), {});
      expect(response.status, path).toBe(400);
      expect((await response.json()).error.message).toMatch(field);
    }
  });
});

describe("GET /api/admin/notifications/export", () => {
  it("streams the current filter as CSV, text a spreadsheet would run kept as text", async () => {
    const cai = await person("en");
    await notify(cai.id, 3, "groupware/board", '=HYPERLINK("http://evil"), plain');
    const response = await exportCsv(get(`/api/admin/notifications/export?recipientId=${cai.id}`, admin), {});
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="notifications-.*\.csv"$/);
    const lines = (await response.text())
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines[0]).toBe("id,created_at,delivered_at,read_at,recipient_id,recipient_name,department_id,source,type,event_id,title,link");
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain(`,${cai.id},${cai.id},D01,groupware/board,notification.custom,`);
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil""), plain 2"`);
  });
});

describe("GET /api/admin/events/{id}", () => {
  it("shows when each recipient's notification was stored, first delivered over SSE and read", async () => {
    const dana = await person("en");
    const reader = new SseReader((await stream(get("/api/notifications/stream", dana), {})).body!);
    try {
      await notify(dana.id, 1, "groupware/board", "delivered and read");
      const sent = JSON.parse((await reader.next("notification", 15_000))!.data);
      const { items } = await json(list(get(`/api/admin/notifications?recipientId=${dana.id}`, admin), {}));
      const eventId = items[0].eventRecordId;
      // The hub saves first-delivery times in batches, off the live path.
      await eventually(async () =>
        (await json(eventPage(get(`/api/admin/events/${eventId}`, admin), params(eventId)))).recipients[0].deliveredAt ? true : null,
      );
      await markRead(post(`/api/notifications/${sent.id}/read`, dana), params(sent.id));

      const page = await json(eventPage(get(`/api/admin/events/${eventId}`, admin), params(eventId)));
      expect(page).toMatchObject({
        eventId: sent.eventId,
        type: "notification.custom",
        title: "delivered and read",
        kafka: { topic: "test", partition: 0, offset: "0" },
        cloudEvent: { id: sent.eventId, data: { title: "delivered and read" } },
      });
      const [recipient] = page.recipients;
      expect(recipient.recipient).toEqual({ id: dana.id, name: dana.id, departmentId: "D01" });
      const stored = Date.parse(recipient.storedAt);
      const delivered = Date.parse(recipient.deliveredAt);
      const read = Date.parse(recipient.readAt);
      expect(stored).toBeLessThanOrEqual(delivered);
      expect(delivered).toBeLessThanOrEqual(read);
      expect(recipient.deliverMs).toBe(delivered - stored);
      expect(recipient.readMs).toBe(read - delivered);
    } finally {
      await reader.close();
    }
  });

  it("answers 404 for an event that does not exist", async () => {
    expect((await eventPage(get("/api/admin/events/999999999", admin), params("999999999"))).status).toBe(404);
    expect((await eventPage(get("/api/admin/events/abc", admin), params("abc"))).status).toBe(404);
  });
});

describe("dead letters", () => {
  it("lists a dead letter with its reason and origin, refuses a correction that is still wrong, and replays the fixed one to its topic", async () => {
    const topic = `test-replay-${randomUUID()}`;
    await createTopic(topic);
    const garbage = Buffer.from('{"specversion":"1.0","id":"x"');
    await storeBatch(db(), {
      events: [],
      deadLetters: [
        {
          topic,
          partition: 0,
          offset: "41",
          key: "DOC-1",
          reason: "not JSON: Unexpected end of JSON input",
          payload: garbage,
          payloadSize: garbage.length,
        },
      ],
    });
    const { items } = await json(deadLetters(get("/api/admin/dead-letters?limit=100", admin), {}));
    const letter = items.find((i: { topic: string }) => i.topic === topic);
    expect(letter).toMatchObject({
      topic,
      partition: 0,
      offset: "41",
      key: "DOC-1",
      reason: "not JSON: Unexpected end of JSON input",
      preview: garbage.toString(),
      truncated: false,
      replayedAt: null,
    });

    const stillWrong = await replay(
      post(`/api/admin/dead-letters/${letter.id}/replay`, admin, { payload: '{"specversion":"1.0"}' }),
      params(letter.id),
    );
    expect(stillWrong.status).toBe(400);
    expect((await stillWrong.json()).error.message).toMatch(/^payload: still not a usable event: /);

    const fixed = JSON.stringify(
      buildCloudEvent({ type: "notification.custom", data: { recipients: { userIds: [employee.id] }, title: "fixed" } }),
    );
    const replayed = await replay(post(`/api/admin/dead-letters/${letter.id}/replay`, admin, { payload: fixed }), params(letter.id));
    expect(replayed.status).toBe(200);
    const [message] = await readTopic(topic, 1);
    expect(message).toMatchObject({ key: "DOC-1", headers: { "dlq-replayed-from": letter.id } });
    expect(message!.value!.toString()).toBe(fixed);
    const after = (await json(deadLetters(get("/api/admin/dead-letters?limit=100", admin), {}))).items.find(
      (i: { id: string }) => i.id === letter.id,
    );
    expect(after).toMatchObject({ replayedAt: expect.any(String), replayedBy: admin.id });
  });

  it("keeps every replay as an audit row: who, when and the bytes sent, not only the last", async () => {
    const topic = `test-replay-${randomUUID()}`;
    await createTopic(topic);
    const original = Buffer.from(
      JSON.stringify(buildCloudEvent({ type: "notification.custom", data: { recipients: { userIds: [employee.id] }, title: "as sent" } })),
    );
    await storeBatch(db(), {
      events: [],
      deadLetters: [
        { topic, partition: 0, offset: "7", key: null, reason: "unknown type", payload: original, payloadSize: original.length },
      ],
    });
    const letter = await db().deadLetter.findFirstOrThrow({ where: { topic } });
    const id = letter.id.toString();
    const corrected = JSON.stringify(
      buildCloudEvent({ type: "notification.custom", data: { recipients: { userIds: [employee.id] }, title: "corrected" } }),
    );
    expect((await replay(post(`/api/admin/dead-letters/${id}/replay`, admin), params(id))).status).toBe(200);
    expect((await replay(post(`/api/admin/dead-letters/${id}/replay`, admin, { payload: corrected }), params(id))).status).toBe(200);

    const replays = await db().deadLetterReplay.findMany({ where: { deadLetterId: letter.id }, orderBy: { id: "asc" } });
    expect(replays.map((r) => ({ by: r.replayedBy, corrected: r.corrected, payload: Buffer.from(r.payload ?? []).toString() }))).toEqual([
      { by: admin.id, corrected: false, payload: original.toString() },
      { by: admin.id, corrected: true, payload: corrected },
    ]);
    const listed = (await json(deadLetters(get("/api/admin/dead-letters?limit=100", admin), {}))).items.find(
      (i: { id: string }) => i.id === id,
    );
    expect(listed).toMatchObject({ replays: 2, replayedBy: admin.id, replayedAt: replays[1]!.replayedAt.toISOString() });
  });

  it("will not replay a payload cut at the size limit as it is (409), and 404s an unknown one", async () => {
    const topic = `test-replay-${randomUUID()}`;
    await storeBatch(db(), {
      events: [],
      deadLetters: [{ topic, partition: 0, offset: "7", key: null, reason: "too large", payload: Buffer.from("{}"), payloadSize: 300_000 }],
    });
    const letter = (await db().deadLetter.findFirstOrThrow({ where: { topic } })).id.toString();
    expect((await replay(post(`/api/admin/dead-letters/${letter}/replay`, admin), params(letter))).status).toBe(409);
    expect((await replay(post("/api/admin/dead-letters/999999999/replay", admin), params("999999999"))).status).toBe(404);
  });
});

describe("POST /api/admin/announcements", () => {
  it("publishes a board notice to Kafka (not to the database), from the admin, to the chosen departments", async () => {
    const response = await announce(
      post("/api/admin/announcements", admin, { title: "사내 공지", departmentIds: ["D02", "D03"], important: true }),
      {},
    );
    expect(response.status).toBe(202);
    const { eventId } = await response.json();
    const messages = await readTopic(TOPICS.board, (seen) => seen.some((m) => m.value?.toString().includes(eventId)));
    const event = JSON.parse(messages.find((m) => m.value?.toString().includes(eventId))!.value!.toString());
    expect(event).toMatchObject({
      type: "board.notice.published",
      source: "groupware/board",
      data: { title: "사내 공지", author: { id: admin.id, name: admin.id }, audience: { departmentIds: ["D02", "D03"] }, important: true },
    });
    expect(await db().event.count({ where: { eventId } })).toBe(0);
  });

  it("answers 400 without a title or an audience", async () => {
    const noTitle = await announce(post("/api/admin/announcements", admin, { title: " ", all: true }), {});
    expect((await noTitle.json()).error.message).toMatch(/^title/);
    const nobody = await announce(post("/api/admin/announcements", admin, { title: "x" }), {});
    expect(nobody.status).toBe(400);
    expect((await nobody.json()).error.message).toMatch(/^departmentIds: choose everyone or at least one department/);
  });
});

describe("GET /api/admin/stats", () => {
  it("gives the last hour per minute and per five minutes, with this process's open streams", async () => {
    const before = (await json(stats(get("/api/admin/stats", admin), {}))).openStreams;
    const reader = new SseReader((await stream(get("/api/notifications/stream", employee), {})).body!);
    try {
      await notify(employee.id, 1, "groupware/board", "counted");
      const body = await json(stats(get("/api/admin/stats", admin), {}));
      expect(body.perMinute).toHaveLength(60);
      expect(body.latency.length).toBeGreaterThanOrEqual(12);
      expect(body.perMinute.at(-1).notifications).toBeGreaterThan(0);
      expect(body.openStreams).toBe(before + 1);
    } finally {
      await reader.close();
    }
  });
});

function request(path: string, who: { cookie: string } | null, body?: unknown): Request {
  if (who) return body === undefined ? get(path, who) : post(path, who, body);
  return anonymous(path, body === undefined ? {} : { method: "POST", body: JSON.stringify(body) });
}

async function createTopic(topic: string): Promise<void> {
  const client = new Kafka({ clientId: "test-admin", brokers: kafkaBrokers(), logLevel: logLevel.NOTHING }).admin();
  await client.connect();
  try {
    await client.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
  } finally {
    await client.disconnect();
  }
}
