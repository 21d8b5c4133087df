import { spawnSync } from "node:child_process";
import { test as base, expect } from "@playwright/test";
import pg from "pg";

// Fixtures: sign in through the API (the browser context keeps the cookie), start each test from
// a known state for its user, and publish events with the project's own CLI.

export const DEMO_PASSWORD = process.env.DEMO_PASSWORD ?? "groupware";

interface Fixtures {
  signIn: (email: string) => Promise<void>;
  clearNotifications: (userId: string) => Promise<void>;
  publishEvent: (type: string, data: unknown) => string;
}

export const test = base.extend<Fixtures>({
  signIn: async ({ page }, use) => {
    await use(async (email) => {
      const response = await page.request.post("/api/auth/login", { data: { email, password: DEMO_PASSWORD } });
      expect(response.status(), `sign-in as ${email}`).toBe(204);
    });
  },
  clearNotifications: async ({}, use) => {
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    await use(async (userId) => {
      await client.query("DELETE FROM notifications WHERE user_id = $1", [userId]);
    });
    await client.end();
  },
  publishEvent: async ({}, use) => {
    await use((type, data) => {
      const result = spawnSync("npm", ["run", "--silent", "publish-event", "--", "--type", type, "--data", JSON.stringify(data)], {
        encoding: "utf8",
        env: process.env,
      });
      if (result.status !== 0) throw new Error(`publish-event failed: ${result.stderr}`);
      return result.stdout;
    });
  },
});

export { expect };
