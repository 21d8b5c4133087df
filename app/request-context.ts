import { headers } from "next/headers";
import { cache } from "react";
import { currentUser } from "@/lib/auth/current-user";
import type { SessionUser } from "@/lib/auth/session";
import type { Locale } from "@/lib/i18n/messages";
import { resolveLocale } from "@/lib/i18n/resolve-locale";

/**
 * The signed-in person (or null) and the language to show them (their choice, else the browser's),
 * read once per request however many layouts, pages and metadata functions ask. Next-only.
 */
export const requestContext = cache(async (): Promise<{ user: SessionUser | null; locale: Locale }> => {
  const [user, requestHeaders] = await Promise.all([currentUser(), headers()]);
  return { user, locale: resolveLocale(user?.locale, requestHeaders.get("accept-language")) };
});
