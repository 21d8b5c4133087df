import type { SessionUser } from "@/lib/auth/session";
import { resolveLocale } from "@/lib/i18n/resolve-locale";

/** The language an admin reads notification texts in (theirs, as everywhere else). */
export function adminLocale(request: Request, user: SessionUser) {
  return resolveLocale(user.locale, request.headers.get("accept-language"));
}
