import { createHash, randomBytes } from "node:crypto";
import { db } from "../db/prisma";
import { env } from "../env";

// Server-side sessions: the cookie holds a random token, the table holds its SHA-256.
// Ending a session is deleting its row, so logout takes effect everywhere at once.
export const SESSION_COOKIE = "gw_session";

export interface SessionUser {
  id: string;
  name: string;
  email: string;
  role: "USER" | "ADMIN";
  /** The chosen language; null until chosen (then the browser's Accept-Language decides). */
  locale: "ko" | "en" | null;
  departmentId: string;
}

export async function createSession(userId: string): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + env().SESSION_TTL_HOURS * 3600_000);
  await db().session.create({ data: { id: digest(token), userId, expiresAt } });
  return { token, expiresAt };
}

export async function findSessionUser(token: string | undefined): Promise<SessionUser | null> {
  if (!token) return null;
  const session = await db().session.findUnique({
    where: { id: digest(token) },
    select: {
      expiresAt: true,
      user: { select: { id: true, name: true, email: true, role: true, locale: true, departmentId: true } },
    },
  });
  if (!session || session.expiresAt <= new Date()) return null;
  return session.user;
}

export async function endSession(token: string | undefined): Promise<void> {
  if (!token) return;
  await db().session.deleteMany({ where: { id: digest(token) } });
}

function digest(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
