// Where to land after signing in: a path on this site, never another site's address. `next` comes
// from the query string, so anyone can write it into a link; only a plain path of ours is kept.
const FALLBACK = "/";
const ORIGIN = "http://this.site.invalid";

export function nextPath(value: string | null | undefined): string {
  if (!value || value.length > 2_000 || !value.startsWith("/") || value.startsWith("//")) return FALLBACK;
  // Browsers read a backslash as a slash (/\other.site) and drop tabs and newlines.
  if (/[\p{Cc}\\]/u.test(value)) return FALLBACK;
  const url = URL.parse(value, ORIGIN);
  if (!url || url.origin !== ORIGIN) return FALLBACK;
  // The sign-in page and the API are no place to land.
  if (url.pathname === "/login" || url.pathname.startsWith("/api/")) return FALLBACK;
  return `${url.pathname}${url.search}${url.hash}`;
}
