import { headers } from "next/headers";
import { forbidden, unauthorized } from "next/navigation";
import { findSessionUser, type SessionUser } from "./session";
import { SESSION_COOKIE } from "./session-cookie";

// For server components (Next-only: it reads the request's cookies through next/headers).
export async function currentUser(): Promise<SessionUser | null> {
  return findSessionUser(SESSION_COOKIE.read({ headers: await headers() }));
}

/** For signed-in pages: without a valid session, status 401 and the sign-in panel (app/unauthorized.tsx). */
export async function requireUser(): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) unauthorized();
  return user;
}

/** For admin pages: a session first (else 401), and anyone who is not an ADMIN gets the 403 page (app/forbidden.tsx). */
export async function requireAdmin(): Promise<SessionUser> {
  const user = await requireUser();
  if (user.role !== "ADMIN") forbidden();
  return user;
}
