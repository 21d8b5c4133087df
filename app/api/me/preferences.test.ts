import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectDb } from "@/lib/db/prisma";
import { get, person, type TestPerson } from "@/test/api";
import { SseReader } from "@/test/sse-reader";
import { GET as stream } from "../notifications/stream/route";
import { GET, PUT } from "./preferences/route";

// GET/PUT /api/me/preferences (PRODUCT.md §13): the defaults, a round trip, every bad field a 400
// that names it, approval requests never muted, and every stream of the person told at once.

let me: TestPerson;
let other: TestPerson;

beforeAll(async () => {
  [me, other] = await Promise.all([person("ko"), person("en")]);
});
afterAll(disconnectDb);

const GOOD = {
  muted: [{ source: "groupware/calendar" }, { source: "groupware/board", type: "board.comment.created" }],
  toasts: false,
  quietHours: { days: [1, 2, 3, 4, 5], start: "22:00", end: "07:00" },
};

function put(who: TestPerson, body: unknown): Promise<Response> {
  return PUT(
    new Request("http://localhost:3000/api/me/preferences", {
      method: "PUT",
      headers: { cookie: who.cookie, "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
    {},
  );
}

describe("preferences", () => {
  it("are the defaults until changed, then what was put, for that person only", async () => {
    expect(await (await GET(get("/api/me/preferences", me), {})).json()).toEqual({ muted: [], toasts: true, quietHours: null });
    const saved = await put(me, GOOD);
    expect(saved.status).toBe(200);
    expect(await saved.json()).toEqual(GOOD);
    expect(await (await GET(get("/api/me/preferences", me), {})).json()).toEqual(GOOD);
    expect(await (await GET(get("/api/me/preferences", other), {})).json()).toEqual({ muted: [], toasts: true, quietHours: null });
    const cleared = await put(me, { muted: [], toasts: true, quietHours: null });
    expect(await cleared.json()).toEqual({ muted: [], toasts: true, quietHours: null });
  });

  it.each([
    ["muted", { ...GOOD, muted: "groupware/calendar" }],
    ["muted.0.source", { ...GOOD, muted: [{ source: "" }] }],
    ["muted.0.source", { ...GOOD, muted: [{ type: "calendar.event.invited" }] }],
    ["muted.0", { ...GOOD, muted: [{ source: "groupware/calendar", extra: true }] }],
    ["muted.0.source", { ...GOOD, muted: [{ source: "a\u0000b" }] }],
    ["toasts", { ...GOOD, toasts: "no" }],
    ["toasts", { muted: [], quietHours: null }],
    ["quietHours", { muted: [], toasts: true }],
    ["quietHours.days", { ...GOOD, quietHours: { ...GOOD.quietHours, days: [] } }],
    ["quietHours.days.0", { ...GOOD, quietHours: { ...GOOD.quietHours, days: [0] } }],
    ["quietHours.days.1", { ...GOOD, quietHours: { ...GOOD.quietHours, days: [1, 8] } }],
    ["quietHours.days", { ...GOOD, quietHours: { ...GOOD.quietHours, days: [2, 2] } }],
    ["quietHours.start", { ...GOOD, quietHours: { ...GOOD.quietHours, start: "24:00" } }],
    ["quietHours.end", { ...GOOD, quietHours: { ...GOOD.quietHours, end: "7:00" } }],
    ["quietHours.end", { ...GOOD, quietHours: { ...GOOD.quietHours, end: "22:00" } }],
    ["body", ["not", "an", "object"]],
  ])("refuses a bad %s with a 400 naming it", async (field, body) => {
    const response = await put(me, body);
    expect(response.status).toBe(400);
    const { error } = await response.json();
    expect(error.code).toBe("bad_request");
    expect(error.message.startsWith(`${field}:`), error.message).toBe(true);
  });

  it("refuses to mute approval requests, saying why, and keeps what was saved", async () => {
    await put(me, GOOD);
    const response = await put(me, { ...GOOD, muted: [{ source: "groupware/approval", type: "approval.requested" }] });
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toBe("muted.0.type: approval requests cannot be muted: they wait for your decision");
    expect(await (await GET(get("/api/me/preferences", me), {})).json()).toEqual(GOOD);
  });

  it("tells every stream of the person at once, and nobody else's", async () => {
    const open = async (who: TestPerson) => new SseReader((await stream(get("/api/notifications/stream", who), {})).body!);
    const [first, second, theirs] = await Promise.all([open(me), open(me), open(other)]);
    const next = { ...GOOD, toasts: true };
    await put(me, next);
    for (const reader of [first, second]) expect(JSON.parse((await reader.next("preferences"))!.data)).toEqual(next);
    await expect(theirs.next("preferences", 1_000)).rejects.toThrow(/no preferences/);
    await Promise.all([first, second, theirs].map((reader) => reader.close()));
  });
});
