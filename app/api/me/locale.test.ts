import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "@/lib/auth/session";
import { db, disconnectDb } from "@/lib/db/prisma";
import { decodeEvent } from "@/lib/events/cloud-event";
import { buildCloudEvent } from "@/lib/events/producer";
import { storeBatch } from "@/lib/notifications/store-batch";
import { GET as list } from "../notifications/route";
import { PUT as setLocale } from "./locale/route";

// The language a person chose, and until they choose, the browser's: both decide the language the
// notification texts come in. Route handlers called with real Requests against the test database.

const BASE = "http://localhost:3000";
let person: { id: string; cookie: string };

beforeAll(async () => {
  const id = `T${randomUUID().slice(0, 8)}`;
  await db().user.create({ data: { id, email: `${id.toLowerCase()}@groupware.test`, name: id, departmentId: "D01", passwordHash: "-" } });
  person = { id, cookie: `gw_session=${(await createSession(id)).token}` };
  const event = buildCloudEvent({
    type: "approval.requested",
    data: { documentId: "DOC-LOCALE", documentTitle: "출장 경비 정산", requester: { id: "E0012", name: "이서준" }, approverIds: [id] },
  });
  const decoded = decodeEvent(Buffer.from(JSON.stringify(event)));
  if (!decoded.ok) throw new Error(decoded.reason);
  await storeBatch(db(), { events: [{ ...decoded.event, topic: "test", partition: 0, offset: "0" }], deadLetters: [] });
});
afterAll(disconnectDb);

describe("PUT /api/me/locale", () => {
  it("starts unchosen, so the browser's language decides the texts", async () => {
    expect((await db().user.findUniqueOrThrow({ where: { id: person.id } })).locale).toBeNull();
    expect(await firstTitle("en-US,en;q=0.9")).toBe("Approval requested: 출장 경비 정산");
    expect(await firstTitle("ko-KR,ko;q=0.9,en;q=0.8")).toBe("결재 요청: 출장 경비 정산");
    expect(await firstTitle(undefined)).toBe("결재 요청: 출장 경비 정산");
  });

  it("remembers a choice, which then wins over the browser's language", async () => {
    expect((await setLocale(put({ locale: "en" }), {})).status).toBe(204);
    expect(await firstTitle("ko-KR,ko;q=0.9")).toBe("Approval requested: 출장 경비 정산");
    expect((await setLocale(put({ locale: "ko" }), {})).status).toBe(204);
    expect(await firstTitle("en-US")).toBe("결재 요청: 출장 경비 정산");
    expect((await db().user.findUniqueOrThrow({ where: { id: person.id } })).locale).toBe("ko");
  });

  it.each([
    ["an unknown language", { locale: "fr" }],
    ["no language", {}],
    ["a body that is not JSON", "{nope"],
  ])("answers 400 with the error JSON for %s", async (_, body) => {
    const response = await setLocale(put(body), {});
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { code: "bad_request", message: expect.any(String) } });
  });

  it("answers 401 without a session", async () => {
    const response = await setLocale(new Request(`${BASE}/api/me/locale`, { method: "PUT", body: JSON.stringify({ locale: "en" }) }), {});
    expect(response.status).toBe(401);
  });
});

async function firstTitle(acceptLanguage: string | undefined): Promise<string> {
  const headers: Record<string, string> = { cookie: person.cookie };
  if (acceptLanguage) headers["accept-language"] = acceptLanguage;
  const response = await list(new Request(`${BASE}/api/notifications`, { headers }), {});
  const page = (await response.json()) as { items: { title: string }[] };
  return page.items[0]!.title;
}

function put(body: unknown): Request {
  return new Request(`${BASE}/api/me/locale`, {
    method: "PUT",
    headers: { cookie: person.cookie, "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}
