// POST /api/auth/logout — end the session everywhere and clear the cookie; a session opened through
// the company's identity provider also names, in a Sign-Out-Redirect header, where the browser
// ends its session at the provider (which sends it back to /login)
import { PROVIDER_SIGN_OUT_HEADER } from "@/lib/auth/oidc/provider-sign-out-header";
import { providerSignOutUrl } from "@/lib/auth/oidc/provider-sign-out-url";
import { endSession } from "@/lib/auth/session";
import { clearedSessionCookie, SESSION_COOKIE } from "@/lib/auth/session-cookie";
import { oidcSettings } from "@/lib/env";
import { withErrors } from "@/lib/http/route";

export const POST = withErrors(async (request) => {
  const ended = await endSession(SESSION_COOKIE.read(request));
  const headers = new Headers({ "Set-Cookie": clearedSessionCookie(request) });
  const settings = oidcSettings();
  if (ended?.oidcIdToken && settings) {
    const providerSignOut = await providerSignOutUrl({ settings, idToken: ended.oidcIdToken });
    if (providerSignOut) headers.set(PROVIDER_SIGN_OUT_HEADER, providerSignOut);
  }
  return new Response(null, { status: 204, headers });
});
