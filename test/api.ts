import { randomBytes, randomUUID } from "node:crypto";
import { createSession } from "@/lib/auth/session";
import { db } from "@/lib/db/prisma";
import type { EventType } from "@/lib/events/catalog";
import { decodeEvent } from "@/lib/events/cloud-event";
import { buildCloudEvent, type PublishOptions } from "@/lib/events/producer";
import { storeBatch } from "@/lib/notifications/store-batch";

// For tests that call route handlers with real Requests against the test database: people with
// sessions, notifications written by the worker's own batch writer, and request builders.

const BASE = "http://localhost:3000";

export interface TestPerson {
  id: string;
  cookie: string;
}

export async function person(locale: "ko" | "en", options: { departmentId?: string; role?: "USER" | "ADMIN" } = {}): Promise<TestPerson> {
  const id = `T${randomUUID().slice(0, 8)}`;
  const { departmentId = "D01", role = "USER" } = options;
  await db().user.create({
    data: { id, email: `${id.toLowerCase()}@groupware.test`, name: id, departmentId, role, locale, passwordHash: "-" },
  });
  const { token } = await createSession(id);
  return { id, cookie: `gw_session=${token}` };
}

/**
 * Cookies every signed-in route must answer with 401, each made when asked (role: whom the session
 * belongs to): none, one never issued, one with its token or its signature altered, an expired one.
 */
export const BAD_COOKIES: [string, (role?: "USER" | "ADMIN") => Promise<string | null>][] = [
  ["no cookie", async () => null],
  ["a forged cookie", async () => `gw_session=${randomBytes(32).toString("base64url")}.${randomBytes(16).toString("base64url")}`],
  ["a cookie that is not even percent-encoding", async () => "gw_session=%E0%A4%A"],
  ["a cookie with its token altered", async (role) => alter((await person("en", { role })).cookie, "gw_session=".length)],
  ["a cookie with its signature altered", async (role) => alter((await person("en", { role })).cookie, -2)],
  [
    "an expired cookie",
    async (role) => {
      const expired = await person("en", { role });
      await db().session.updateMany({ where: { userId: expired.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
      return expired.cookie;
    },
  ],
];

/** One character of the cookie changed (at `at`, or that far from the end when negative). */
function alter(cookie: string, at: number): string {
  const i = at < 0 ? cookie.length + at : at;
  return cookie.slice(0, i) + (cookie[i] === "A" ? "B" : "A") + cookie.slice(i + 1);
}

/** Stores custom notifications for a person through the worker's batch writer; returns their titles. */
export async function notify(userId: string, count: number, source: string, title: string): Promise<string[]> {
  const titles = count === 1 ? [title] : Array.from({ length: count }, (_, i) => `${title} ${i}`);
  await store(titles.map((t) => ({ type: "notification.custom", source, data: { recipients: { userIds: [userId] }, title: t } })));
  return titles;
}

/** Stores events of any type through the worker's batch writer, as one batch. */
export async function store(events: PublishOptions<EventType>[]): Promise<void> {
  const decoded = events.map((options) => {
    const result = decodeEvent(Buffer.from(JSON.stringify(buildCloudEvent(options))));
    if (!result.ok) throw new Error(result.reason);
    return { ...result.event, topic: "test", partition: 0, offset: "0" };
  });
  await storeBatch(db(), { events: decoded, deadLetters: [] });
}

/** A request without a session cookie. */
export function anonymous(path: string, init: RequestInit = {}): Request {
  return new Request(`${BASE}${path}`, init);
}

export function get(path: string, who: { cookie: string }, headers: Record<string, string> = {}): Request {
  return new Request(`${BASE}${path}`, { headers: { cookie: who.cookie, ...headers } });
}

export function post(path: string, who: { cookie: string }, body: unknown = {}): Request {
  return new Request(`${BASE}${path}`, {
    method: "POST",
    headers: { cookie: who.cookie, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

export function params(id: string) {
  return { params: Promise.resolve({ id }) };
}

export async function json(response: Promise<Response>) {
  return (await response).json();
}
