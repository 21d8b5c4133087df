// GET /api/auth/oidc/callback — the provider's answer: check it, open a session, land on the page asked for
import { completeOidcSignIn } from "@/lib/auth/oidc/complete-oidc-sign-in";
import { clearedFlowCookie, readFlowCookie } from "@/lib/auth/oidc/flow-cookie";
import { nextPath } from "@/lib/auth/oidc/next-path";
import { type OidcSignInError, signInPageWith } from "@/lib/auth/oidc/sign-in-errors";
import { endSession } from "@/lib/auth/session";
import { SESSION_COOKIE, sessionCookie } from "@/lib/auth/session-cookie";
import { oidcSettings } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { withErrors } from "@/lib/http/route";
import { logger } from "@/lib/log";

export const dynamic = "force-dynamic";

export const GET = withErrors(async (request) => {
  const settings = oidcSettings();
  if (!settings) throw new AppError("not_found", "Company sign-in is not configured.");
  // The sign-in in progress is used once, whatever comes of it.
  const headers = new Headers({ "Cache-Control": "no-store", "Set-Cookie": clearedFlowCookie(request) });
  const flow = await readFlowCookie(request);
  // Without it (never started in this browser, expired, altered) the answer cannot be checked.
  if (!flow) return redirect(headers, signInPageWith("invalid_response", "/"));
  const next = nextPath(flow.next);
  const failed = (error: OidcSignInError) => redirect(headers, signInPageWith(error, next));

  let result: Awaited<ReturnType<typeof completeOidcSignIn>>;
  try {
    result = await completeOidcSignIn({ settings, flow, response: new URL(request.url).searchParams });
    // The browser's previous session, if it brought one, ends: one browser, one session.
    if (result.ok) await endSession(SESSION_COOKIE.read(request));
  } catch (error) {
    // A browser is waiting on this redirect: it gets the sign-in page and a message, never a 500.
    logger("oidc").error({ err: error }, "company sign-in failed");
    return failed("failed");
  }
  if (!result.ok) return failed(result.error);
  headers.append("Set-Cookie", sessionCookie(request, result.session.token, result.session.expiresAt));
  return redirect(headers, next);
});

function redirect(headers: Headers, location: string): Response {
  headers.set("Location", location);
  return new Response(null, { status: 302, headers });
}
