import { DEFAULT_LOCALE, isLocale, type Locale } from "./locale";

/**
 * The language to show a person: the one they chose, else the first of ours that their browser's
 * Accept-Language asks for (by preference), else Korean. Dependency-free: route handlers, pages
 * and tests all call it.
 */
export function resolveLocale(chosen: Locale | null | undefined, acceptLanguage: string | null | undefined): Locale {
  if (chosen) return chosen;
  return preferredLocale(acceptLanguage) ?? DEFAULT_LOCALE;
}

/** The language a route handler answers a signed-in person in: their choice, else their request's. */
export function requestLocale(request: Request, user: { locale: Locale | null }): Locale {
  return resolveLocale(user.locale, request.headers.get("accept-language"));
}

/** `ko-KR,ko;q=0.9,en-US;q=0.8` → "ko"; null when it names neither of our languages. */
export function preferredLocale(acceptLanguage: string | null | undefined): Locale | null {
  if (!acceptLanguage) return null;
  const ranges = acceptLanguage
    .split(",")
    .map((part, position) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      return { language: tag.trim().toLowerCase().split("-")[0] ?? "", quality: q ? Number(q.slice(2)) : 1, position };
    })
    .filter((range) => range.quality > 0 && !Number.isNaN(range.quality))
    .sort((a, b) => b.quality - a.quality || a.position - b.position);
  return ranges.map((range) => range.language).find(isLocale) ?? null;
}
