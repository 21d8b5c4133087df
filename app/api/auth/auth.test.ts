import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { hashPassword } from "@/lib/auth/password";
import { db, disconnectDb } from "@/lib/db/prisma";
import { GET as listNotifications } from "../notifications/route";
import { POST as logIn } from "./login/route";
import { POST as logOut } from "./logout/route";

// The route handlers themselves, called with real Requests against the seeded test database.
const BASE = "http://localhost:3000";

function post(path: string, body: unknown, cookie?: string): Request {
  return new Request(`${BASE}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(cookie ? { cookie } : {}) },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

describe("sign-in", () => {
  afterAll(disconnectDb);

  it("accepts the demo password and sets an httpOnly, SameSite=Lax session cookie", async () => {
    const response = await logIn(post("/api/auth/login", { email: "e0003@groupware.test", password: "groupware" }), {});
    expect(response.status).toBe(204);
    const cookie = response.headers.get("set-cookie") ?? "";
    // A 256-bit token and its signature.
    expect(cookie).toMatch(/^gw_session=[\w-]{43}\.[\w-]{22};/);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");
    expect(cookie).not.toContain("Secure");

    const session = cookie.split(";")[0]!;
    const list = await listNotifications(new Request(`${BASE}/api/notifications`, { headers: { cookie: session } }), {});
    expect(list.status).toBe(200);
    expect(await list.json()).toMatchObject({ items: expect.any(Array), unreadCount: expect.any(Number) });

    expect((await logOut(post("/api/auth/logout", {}, session), {})).status).toBe(204);
    const after = await listNotifications(new Request(`${BASE}/api/notifications`, { headers: { cookie: session } }), {});
    expect(after.status).toBe(401);
  });

  it.each([
    ["a wrong password", { email: "e0003@groupware.test", password: "not-the-password" }],
    ["an unknown email", { email: "nobody@groupware.test", password: "groupware" }],
  ])("refuses %s with 401 and no cookie", async (_, body) => {
    const response = await logIn(post("/api/auth/login", body), {});
    expect(response.status).toBe(401);
    expect(response.headers.get("set-cookie")).toBeNull();
    expect(await response.json()).toEqual({ error: { code: "unauthorized", message: expect.any(String) } });
  });

  it("refuses a deactivated person's right password exactly like a wrong one (401, no cookie, no session)", async () => {
    const id = `T${randomUUID().slice(0, 8)}`;
    const email = `${id.toLowerCase()}@groupware.test`;
    await db().user.create({
      data: { id, email, name: id, departmentId: "D01", passwordHash: await hashPassword("groupware"), active: false },
    });
    try {
      const response = await logIn(post("/api/auth/login", { email, password: "groupware" }), {});
      expect(response.status).toBe(401);
      expect(response.headers.get("set-cookie")).toBeNull();
      expect(await response.json()).toEqual({ error: { code: "unauthorized", message: "The email or password is not right." } });
      expect(await db().session.count({ where: { userId: id } })).toBe(0);
    } finally {
      await db().user.delete({ where: { id } });
    }
  });

  it("names the missing field on bad input (400)", async () => {
    const response = await logIn(post("/api/auth/login", { email: "e0003@groupware.test" }), {});
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toMatch(/^password/);
    const notJson = await logIn(post("/api/auth/login", "{nope"), {});
    expect(notJson.status).toBe(400);
  });

  it("marks the cookie Secure behind https", async () => {
    const request = post("/api/auth/login", { email: "e0004@groupware.test", password: "groupware" });
    request.headers.set("x-forwarded-proto", "https");
    const response = await logIn(request, {});
    expect(response.headers.get("set-cookie")).toContain("Secure");
  });
});
