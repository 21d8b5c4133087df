import { randomUUID } from "node:crypto";
import { createSession } from "@/lib/auth/session";
import { db } from "@/lib/db/prisma";
import { decodeEvent } from "@/lib/events/cloud-event";
import { buildCloudEvent } from "@/lib/events/producer";
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

/** Stores custom notifications for a person through the worker's batch writer; returns their titles. */
export async function notify(userId: string, count: number, source: string, title: string): Promise<string[]> {
  const titles = count === 1 ? [title] : Array.from({ length: count }, (_, i) => `${title} ${i}`);
  const events = titles.map((t) => {
    const event = buildCloudEvent({ type: "notification.custom", source, data: { recipients: { userIds: [userId] }, title: t } });
    const decoded = decodeEvent(Buffer.from(JSON.stringify(event)));
    if (!decoded.ok) throw new Error(decoded.reason);
    return { ...decoded.event, topic: "test", partition: 0, offset: "0" };
  });
  await storeBatch(db(), { events, deadLetters: [] });
  return titles;
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
