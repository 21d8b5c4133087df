// Where a notification may send a click: a path on this site, or an http(s) URL on a host listed
// in LINK_ALLOWED_HOSTS. Anything else a producer sends (javascript:, data:, //other.site, a host
// nobody listed) is dropped, so a notification can neither run script nor be an open redirect.
// The server applies it with the listed hosts; the browser applies it again with "any host" (it
// does not know the list), so a link that slipped past the server still never runs script.
export function safeLink(link: string | null | undefined, allowedHosts: readonly string[] | "any host"): string | null {
  if (!link) return null;
  if (/[\p{Cc}\\]/u.test(link)) return null;
  if (link.startsWith("/")) return link.startsWith("//") ? null : link;
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return null;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return null;
  if (url.username || url.password) return null;
  return allowedHosts === "any host" || allowedHosts.includes(url.hostname.toLowerCase()) ? url.href : null;
}
