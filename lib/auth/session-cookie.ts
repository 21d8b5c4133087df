import { SESSION_COOKIE } from "./session";

// The Set-Cookie header for a session: httpOnly so script cannot read it, SameSite=Lax so other
// sites cannot send it with their POSTs, Secure whenever the request came over https.
export function sessionCookie(request: Request, token: string, expiresAt: Date): string {
  return serialize(request, `${SESSION_COOKIE}=${token}`, `Expires=${expiresAt.toUTCString()}`);
}

export function clearedSessionCookie(request: Request): string {
  return serialize(request, `${SESSION_COOKIE}=`, "Max-Age=0");
}

function serialize(request: Request, value: string, lifetime: string): string {
  const secure = isHttps(request) ? "; Secure" : "";
  return `${value}; Path=/; HttpOnly; SameSite=Lax; ${lifetime}${secure}`;
}

function isHttps(request: Request): boolean {
  const forwarded = request.headers.get("x-forwarded-proto");
  return (forwarded ?? new URL(request.url).protocol.replace(":", "")) === "https";
}
