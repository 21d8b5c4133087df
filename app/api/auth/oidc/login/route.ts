// GET /api/auth/oidc/login?next=/path — send the browser to the company's identity provider
import { beginOidcSignIn } from "@/lib/auth/oidc/begin-oidc-sign-in";
import { flowCookie } from "@/lib/auth/oidc/flow-cookie";
import { nextPath } from "@/lib/auth/oidc/next-path";
import { signInPageWith } from "@/lib/auth/oidc/sign-in-errors";
import { oidcSettings } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { withErrors } from "@/lib/http/route";
import { logger } from "@/lib/log";

export const dynamic = "force-dynamic";

export const GET = withErrors(async (request) => {
  const settings = oidcSettings();
  if (!settings) throw new AppError("not_found", "Company sign-in is not configured.");
  const next = nextPath(new URL(request.url).searchParams.get("next"));
  let started: Awaited<ReturnType<typeof beginOidcSignIn>>;
  try {
    started = await beginOidcSignIn({ settings, next });
  } catch (error) {
    logger("oidc").warn({ err: error, issuer: settings.issuer.href }, "the identity provider's discovery document could not be read");
    return redirect(signInPageWith("unavailable", next));
  }
  return redirect(started.url.href, await flowCookie(request, started.flow));
});

function redirect(location: string, cookie?: string): Response {
  const headers = new Headers({ Location: location, "Cache-Control": "no-store" });
  if (cookie) headers.append("Set-Cookie", cookie);
  return new Response(null, { status: 302, headers });
}
