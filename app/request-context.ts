import { headers } from "next/headers";
import { forbidden, unauthorized } from "next/navigation";
import { cache } from "react";
import { findSessionUser, type SessionUser } from "@/lib/auth/session";
import { SESSION_COOKIE } from "@/lib/auth/session-cookie";
import type { Locale } from "@/lib/i18n/locale";
import { resolveLocale } from "@/lib/i18n/resolve-locale";

// How pages learn who is asking (Next-only: it reads the request through next/headers). The
// session is looked up once per request, however many layouts, pages and metadata functions ask.

interface RequestContext {
  user: SessionUser | null;
  /** The person's choice, else the browser's Accept-Language. */
  locale: Locale;
}

export const requestContext = cache(async (): Promise<RequestContext> => {
  const requestHeaders = await headers();
  const user = await findSessionUser(SESSION_COOKIE.read({ headers: requestHeaders }));
  return { user, locale: resolveLocale(user?.locale, requestHeaders.get("accept-language")) };
});

/** For signed-in pages: without a valid session, status 401 and the sign-in panel (app/unauthorized.tsx). */
export async function signedInContext(): Promise<RequestContext & { user: SessionUser }> {
  const { user, locale } = await requestContext();
  if (!user) unauthorized();
  return { user, locale };
}

/** For admin pages: a session first (else 401); anyone who is not an ADMIN gets the 403 page (app/forbidden.tsx). */
export async function adminContext(): Promise<RequestContext & { user: SessionUser }> {
  const context = await signedInContext();
  if (context.user.role !== "ADMIN") forbidden();
  return context;
}
