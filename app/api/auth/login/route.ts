// POST /api/auth/login — exchange the demo directory's email and password for a session cookie
import { z } from "zod";
import { logIn } from "@/lib/auth/log-in";
import { forgetExpiredLoginAttempts, loginKeys, releaseLoginAttempt, takeLoginAttempt } from "@/lib/auth/login-throttle";
import { endSession } from "@/lib/auth/session";
import { SESSION_COOKIE, sessionCookie } from "@/lib/auth/session-cookie";
import { passwordLoginEnabled } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { clientAddress } from "@/lib/http/client-address";
import { readJson, withErrors } from "@/lib/http/route";

const bodySchema = z.object({
  email: z.string().trim().min(1).max(320),
  password: z.string().min(1).max(1024),
});

export const POST = withErrors(async (request) => {
  if (!passwordLoginEnabled()) throw new AppError("not_found", "Password sign-in is turned off: sign in with your company account.");
  const { email, password } = bodySchema.parse(await readJson(request));
  const keys = loginKeys(email, clientAddress(request));
  const retryAfter = await takeLoginAttempt(keys);
  if (retryAfter !== null) {
    return Response.json(
      { error: { code: "rate_limited", message: `Too many failed sign-ins. Try again in ${retryAfter} seconds.` } },
      { status: 429, headers: { "Retry-After": String(retryAfter) } },
    );
  }
  // Expired attempts go a few at a time, beside the password check (which takes far longer).
  const [session] = await Promise.all([logIn({ email, password }), forgetExpiredLoginAttempts()]);
  if (!session) throw new AppError("unauthorized", "The email or password is not right.");
  // The browser's previous session, if it brought one, ends: one browser, one session.
  await Promise.all([releaseLoginAttempt(keys), endSession(SESSION_COOKIE.read(request))]);
  return new Response(null, { status: 204, headers: { "Set-Cookie": sessionCookie(request, session.token, session.expiresAt) } });
});
