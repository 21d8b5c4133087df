import { cookies } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { findSessionUser, SESSION_COOKIE, type SessionUser } from "./session";

// For server components (Next-only: it reads the request's cookies through next/headers).
export async function currentUser(): Promise<SessionUser | null> {
  const store = await cookies();
  return findSessionUser(store.get(SESSION_COOKIE)?.value);
}

export async function requireUser(): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect("/login");
  return user;
}

/** For admin pages: sign in first, and anyone who is not an ADMIN gets the 403 page (app/forbidden.tsx). */
export async function requireAdmin(): Promise<SessionUser> {
  const user = await requireUser();
  if (user.role !== "ADMIN") forbidden();
  return user;
}
