import { cookies } from "next/headers";
import { forbidden, unauthorized } from "next/navigation";
import { findSessionUser, SESSION_COOKIE, type SessionUser } from "./session";

// For server components (Next-only: it reads the request's cookies through next/headers).
export async function currentUser(): Promise<SessionUser | null> {
  const store = await cookies();
  return findSessionUser(store.get(SESSION_COOKIE)?.value);
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
