import { createHash, randomBytes } from "node:crypto";
import { db } from "../db/prisma";
import { env } from "../env";
import type { Locale } from "../i18n/locale";
import { MAC_PATTERN, macWith } from "../security/shared-keys";

// Server-side sessions: the cookie holds a random 256-bit token and its signature (HMAC with a key
// every web process shares); the table holds the token's SHA-256. A cookie whose signature does not
// match is refused before any lookup. Ending a session is deleting its row, so logout takes effect
// everywhere at once; it is announced on SESSION_ENDED_CHANNEL, so the live streams it opened close
// too (the hub also closes a stream when its session expires).
export const SESSION_ENDED_CHANNEL = "gw_session_ended";
const COOKIE_VALUE = new RegExp(`^([A-Za-z0-9_-]{43})\\.(${MAC_PATTERN})$`);

export interface SessionUser {
  id: string;
  name: string;
  email: string;
  role: "USER" | "ADMIN";
  /** The chosen language; null until chosen (then the browser's Accept-Language decides). */
  locale: Locale | null;
  departmentId: string;
  /** The session this person was found by: its id (the token's digest) and when it expires. */
  session: { id: string; expiresAt: Date };
}

/**
 * A new session; `token` is the cookie's value. The person's expired sessions are dropped with it.
 * One opened through the company's identity provider keeps its ID token, to sign out there too.
 */
export async function createSession(
  userId: string,
  { oidcIdToken }: { oidcIdToken?: string } = {},
): Promise<{ token: string; expiresAt: Date }> {
  const { id, value } = await newSessionToken();
  const expiresAt = new Date(Date.now() + env().SESSION_TTL_HOURS * 3600_000);
  await db().$transaction([
    db().session.deleteMany({ where: { userId, expiresAt: { lte: new Date() } } }),
    db().session.create({ data: { id, userId, expiresAt, oidcIdToken } }),
  ]);
  return { token: value, expiresAt };
}

/** A signed token: `value` for the cookie, `id` (its digest) for the sessions table. */
export async function newSessionToken(): Promise<{ id: string; value: string }> {
  const token = randomBytes(32).toString("base64url");
  return { id: digest(token), value: `${token}.${(await macWith("session-cookie")).sign(token)}` };
}

export async function findSessionUser(cookie: string | undefined): Promise<SessionUser | null> {
  const token = await verifiedToken(cookie);
  if (!token) return null;
  const id = digest(token);
  const session = await db().session.findUnique({
    where: { id },
    select: {
      expiresAt: true,
      user: { select: { id: true, name: true, email: true, role: true, locale: true, departmentId: true, active: true } },
    },
  });
  // Deactivation deletes a person's sessions; a session that slipped in meanwhile counts for nothing.
  if (!session || session.expiresAt <= new Date() || !session.user.active) return null;
  const { active: _, ...user } = session.user;
  return { ...user, session: { id, expiresAt: session.expiresAt } };
}

/**
 * Ends the cookie's session, if it is one: its row goes, and every web process hears of it. Returns
 * the ended session's ID token from the identity provider (null for a password session), or null
 * when there was no session.
 */
export async function endSession(cookie: string | undefined): Promise<{ oidcIdToken: string | null } | null> {
  const token = await verifiedToken(cookie);
  if (!token) return null;
  // Raw for the NOTIFY in the same statement: it is sent only if the row was there, at commit.
  const [ended] = await db().$queryRaw<{ oidc_id_token: string | null }[]>`
    WITH ended AS (DELETE FROM sessions WHERE id = ${digest(token)} RETURNING id, oidc_id_token)
    SELECT ended.oidc_id_token FROM ended, LATERAL pg_notify(${SESSION_ENDED_CHANNEL}, ended.id)`;
  return ended ? { oidcIdToken: ended.oidc_id_token } : null;
}

async function verifiedToken(cookie: string | undefined): Promise<string | null> {
  const [, token = "", mac = ""] = (cookie && COOKIE_VALUE.exec(cookie)) || [];
  if (!token || !(await macWith("session-cookie")).verify(token, mac)) return null;
  return token;
}

function digest(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
