// POST /api/auth/logout — end the session everywhere and clear the cookie
import { endSession, SESSION_COOKIE } from "@/lib/auth/session";
import { clearedSessionCookie } from "@/lib/auth/session-cookie";
import { readCookie, withErrors } from "@/lib/http/route";

export const POST = withErrors(async (request) => {
  await endSession(readCookie(request, SESSION_COOKIE));
  return new Response(null, { status: 204, headers: { "Set-Cookie": clearedSessionCookie(request) } });
});
