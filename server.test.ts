import type { ChildProcess } from "node:child_process";
import { randomInt } from "node:crypto";
import { existsSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
