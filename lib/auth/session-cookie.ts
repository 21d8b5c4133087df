import { hostCookie } from "../http/host-cookie";

// The session cookie (lib/http/host-cookie.ts: httpOnly, SameSite=Lax, and over https Secure with
// the __Host- prefix). Its value is the signed token of lib/auth/session.ts.
export const SESSION_COOKIE = hostCookie("gw_session");

export function sessionCookie(request: Request, token: string, expiresAt: Date): string {
  return SESSION_COOKIE.set(request, token, { expires: expiresAt });
}

export function clearedSessionCookie(request: Request): string {
  return SESSION_COOKIE.clear(request);
}
