import type { ChildProcess } from "node:child_process";
import { randomInt } from "node:crypto";
import { existsSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "@/lib/auth/password";
import { db, disconnectDb } from "@/lib/db/prisma";
import { ROOT, startWeb, terminate, waitForHttp } from "@/scripts/stack";

// The web app's own HTTP server (server.ts), over real HTTP: the sign-in limit per address counts
// the address a request came from, whatever X-Forwarded-For the caller makes up.
const PORT = 3112;
// A loopback address of this test's own, so no other sign-in shares (or clears) its count.
const CALLER = "127.0.0.2";
const LIMIT = 3;
/** The addresses the caller claims: 10.<random>.<random>.<attempt>, seen nowhere else. */
const CLAIMED = `10.${randomInt(256)}.${randomInt(256)}.`;

describe("the web server", () => {
  let web: ChildProcess;

  beforeAll(async () => {
    if (!existsSync(path.join(ROOT, ".next", "BUILD_ID"))) throw new Error("build the app first (npm test does)");
    await forgetCaller();
    web = startWeb({ NODE_ENV: "production", LOG_LEVEL: "warn", LOGIN_MAX_FAILURES_PER_ADDRESS: String(LIMIT) }, PORT);
    await waitForHttp(`http://127.0.0.1:${PORT}/api/health`, web, `web on ${PORT}`, 60_000);
  }, 90_000);

  afterAll(async () => {
    await terminate(web);
    await forgetCaller();
    await disconnectDb();
  });

  it("limits sign-ins by the caller's address, not by the X-Forwarded-For it sends", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT + 2; i++) {
      // Another account and another claimed address each time: only the connection is the same.
      const body = JSON.stringify({ email: `spoofer-${i}@groupware.test`, password: "guess" });
      const claimed = `${CLAIMED}${i}`;
      statuses.push(await postFromCaller("/api/auth/login", body, { "x-forwarded-for": claimed, "x-real-ip": claimed }));
    }
    expect(statuses).toEqual([...Array(LIMIT).fill(401), 429, 429]);
    const counted = await db().loginAttempt.findMany({ where: { key: { startsWith: `address:${CLAIMED}` } } });
    expect(counted).toEqual([]);
  });

  it("keeps idle connections longer than nginx keeps its own to it (60 s), and says so", async () => {
    const response = await fetch(`http://127.0.0.1:${PORT}/api/health`);
    await response.arrayBuffer();
    expect(response.headers.get("keep-alive")).toBe("timeout=65");
  });
});

function postFromCaller(pathname: string, body: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: "127.0.0.1",
        port: PORT,
        localAddress: CALLER,
        path: pathname,
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
      },
      (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

async function forgetCaller(): Promise<void> {
  await db().loginAttempt.deleteMany({ where: { key: { in: [`address:${CALLER}`, `address:::ffff:${CALLER}`] } } });
}

// A production deployment behind one https proxy: the cookie takes the __Host- prefix and HSTS is
// sent; the metrics want their token; the published demo password is refused (no DEMO=true).
describe("the web server deployed behind an https proxy", () => {
  const DEPLOYED = 3113;
  const TOKEN = "a-metrics-token-of-32-characters";
  let web: ChildProcess;
  const base = `http://127.0.0.1:${DEPLOYED}`;
  const overHttps = { "x-forwarded-proto": "https", "x-forwarded-for": "198.51.100.77" };

  beforeAll(async () => {
    web = startWeb(
      { NODE_ENV: "production", LOG_LEVEL: "warn", TRUST_PROXY_HOPS: "1", METRICS_TOKEN: TOKEN, DEMO_PASSWORD: "", DEMO: "" },
      DEPLOYED,
    );
    await waitForHttp(`${base}/api/health`, web, `web on ${DEPLOYED}`, 60_000);
  }, 90_000);
  afterAll(async () => {
    await terminate(web);
    await disconnectDb();
  });

  it("sets the session cookie as __Host- with Secure over https, sends HSTS, and reads only that name there", async () => {
    const email = `https-${randomInt(1_000_000)}@groupware.test`;
    const id = `H${randomInt(1_000_000)}`;
    await db().user.create({ data: { id, email, name: id, departmentId: "D01", passwordHash: await hashPassword("a-right-password") } });
    const signIn = await fetch(`${base}/api/auth/login`, {
      method: "POST",
      headers: { ...overHttps, "content-type": "application/json" },
      body: JSON.stringify({ email, password: "a-right-password" }),
    });
    expect(signIn.status).toBe(204);
    expect(signIn.headers.get("strict-transport-security")).toMatch(/^max-age=\d{8,}; includeSubDomains$/);
    const cookie = signIn.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^__Host-gw_session=[^;]+; Path=\/; HttpOnly; SameSite=Lax; Expires=[^;]+; Secure$/);
    expect(cookie).not.toMatch(/Domain=/i);
    const value = cookie.split(";")[0]!.split("=").slice(1).join("=");
    const as = (name: string) => fetch(`${base}/api/notifications`, { headers: { ...overHttps, cookie: `${name}=${value}` } });
    expect((await as("__Host-gw_session")).status).toBe(200);
    // Over https a cookie without the prefix could have been planted by a neighbouring subdomain.
    expect((await as("gw_session")).status).toBe(401);
  });

  it("sends no HSTS over plain http", async () => {
    const response = await fetch(`${base}/login`);
    expect(response.headers.get("strict-transport-security")).toBeNull();
  });

  it("answers /api/metrics only with the METRICS_TOKEN", async () => {
    expect((await fetch(`${base}/api/metrics`)).status).toBe(401);
    expect((await fetch(`${base}/api/metrics`, { headers: { authorization: "Bearer not-the-token-not-the-token" } })).status).toBe(401);
    const allowed = await fetch(`${base}/api/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(allowed.status).toBe(200);
    expect(await allowed.text()).toMatch(/^# TYPE groupware_sse_connections gauge$/m);
  });

  it("refuses the published demo password in production, and does not offer the demo account", async () => {
    const signIn = await fetch(`${base}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "e0003@groupware.test", password: "groupware" }),
    });
    expect(signIn.status).toBe(401);
    expect(await (await fetch(`${base}/login`)).text()).not.toContain("e0003@groupware.test");
  });
});
