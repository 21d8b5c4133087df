import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { type APIRequestContext, type Browser, type BrowserContext, test as base, expect, type Page } from "@playwright/test";
import pg from "pg";
import { hashPassword } from "../lib/auth/password";
import type { EventType } from "../lib/events/catalog";
import { EventPublisher, type PublishOptions } from "../lib/events/producer";

// Fixtures: sign in through the API (the browser context keeps the cookie), start each test from
// a known state for its user (a person of its own, or a cleared one), and publish real events to
// Kafka for the worker that npm test runs.

export const DEMO_PASSWORD = process.env.DEMO_PASSWORD ?? "groupware";

export interface Person {
  id: string;
  email: string;
  name: string;
}

export type AnyEvent = PublishOptions<EventType>;

interface Fixtures {
  signIn: (email: string, on?: { request: APIRequestContext }) => Promise<void>;
  clearNotifications: (userId: string) => Promise<void>;
  publishEvent: (type: string, data: unknown) => string;
  /** A new person in the directory for this test only (removed afterwards, with their notifications). */
  person: (options?: { name?: string; departmentId?: string }) => Promise<Person>;
  /** Publishes events to Kafka in one batch and waits until the worker has stored the person's notifications. */
  publish: (events: AnyEvent[], wait?: { userId: string; total: number }) => Promise<void>;
  database: pg.Client;
}

interface WorkerFixtures {
  publisher: EventPublisher;
}

export const test = base.extend<Fixtures, WorkerFixtures>({
  signIn: async ({ page }, use) => {
    await use(async (email, on = page) => {
      const response = await on.request.post("/api/auth/login", { data: { email, password: DEMO_PASSWORD } });
      expect(response.status(), `sign-in as ${email}`).toBe(204);
    });
  },
  database: async ({}, use) => {
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    await use(client);
    await client.end();
  },
  clearNotifications: async ({ database }, use) => {
    await use(async (userId) => {
      await database.query("DELETE FROM notifications WHERE user_id = $1", [userId]);
    });
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
  person: async ({ database }, use) => {
    const created: string[] = [];
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    await use(async ({ name = "테스트 사용자", departmentId = "D01" } = {}) => {
      const id = `P${randomBytes(4).toString("hex").toUpperCase()}`;
      const email = `${id.toLowerCase()}@e2e.groupware.test`;
      await database.query("INSERT INTO users (id, email, name, department_id, password_hash) VALUES ($1, $2, $3, $4, $5)", [
        id,
        email,
        name,
        departmentId,
        passwordHash,
      ]);
      created.push(id);
      return { id, email, name };
    });
    if (created.length > 0) await database.query("DELETE FROM users WHERE id = ANY($1)", [created]);
  },
  publisher: [
    async ({}, use) => {
      const publisher = new EventPublisher((process.env.KAFKA_BROKERS ?? "127.0.0.1:19092").split(","), "groupware-e2e");
      await use(publisher);
      await publisher.close();
    },
    { scope: "worker" },
  ],
  publish: async ({ publisher, database }, use) => {
    await use(async (events, wait) => {
      await publisher.publishMany(events);
      if (!wait) return;
      await expect
        .poll(
          async () => Number((await database.query("SELECT count(*) FROM notifications WHERE user_id = $1", [wait.userId])).rows[0].count),
          {
            message: `the worker stores ${wait.total} notifications for ${wait.userId}`,
            timeout: 60_000,
          },
        )
        .toBe(wait.total);
    });
  },
});

export { expect };
export type Publish = Fixtures["publish"];

// Events as the groupware's services send them.

export function approvalRequested(approverId: string, documentTitle: string, requester = { id: "E0012", name: "이서준" }): AnyEvent {
  return {
    type: "approval.requested",
    data: { documentId: `DOC-${randomBytes(4).toString("hex")}`, documentTitle, requester, approverIds: [approverId] },
  };
}

export function custom(
  userId: string,
  title: string,
  options: { service?: "approval" | "board" | "calendar" | "reservation"; link?: string; body?: string } = {},
): AnyEvent {
  return {
    type: "notification.custom",
    source: `groupware/${options.service ?? "board"}`,
    // One key for a person's events: one partition, so the worker stores them in the order sent.
    subject: `e2e-${userId}`,
    data: {
      recipients: { userIds: [userId] },
      title,
      ...(options.body ? { body: options.body } : {}),
      ...(options.link ? { link: options.link } : {}),
    },
  };
}

/** "001", "002", … so titles sort and read in order. */
export function numbered(count: number, make: (n: string) => AnyEvent): AnyEvent[] {
  return Array.from({ length: count }, (_, i) => make(String(i + 1).padStart(3, "0")));
}

/** The session cookie of a signed-in context, for requests the test makes outside the browser. */
export async function sessionCookie(context: BrowserContext): Promise<string> {
  const cookie = (await context.cookies()).find((c) => c.name === "gw_session");
  if (!cookie) throw new Error("not signed in");
  return `gw_session=${cookie.value}`;
}

/** A second browser (its own cookies) signed in as `who`, on the home page with its stream live. */
export async function liveBrowserOf(browser: Browser, baseURL: string, who: { email: string }): Promise<Page> {
  const context = await browser.newContext({ baseURL, locale: "ko-KR", timezoneId: "Asia/Seoul" });
  const response = await context.request.post("/api/auth/login", { data: { email: who.email, password: DEMO_PASSWORD } });
  expect(response.status(), `sign-in as ${who.email}`).toBe(204);
  const page = await context.newPage();
  await page.goto("/");
  await expect(page.getByTestId("connection-status")).toHaveAttribute("data-state", "live");
  return page;
}
