import { env } from "../env";

// Where a notification may send a click: a path on this site, or an http(s) URL on a host listed
// in LINK_ALLOWED_HOSTS. Anything else a producer sends (javascript:, data:, //other.site, a host
// nobody listed) is dropped, so a notification can neither run script nor be an open redirect.
export function safeLink(link: string | null | undefined, allowedHosts = allowedLinkHosts()): string | null {
  if (!link) return null;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(link)) return null;
  if (link.startsWith("/")) return link.startsWith("//") ? null : link;
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return null;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return null;
  if (url.username || url.password) return null;
  return allowedHosts.includes(url.hostname.toLowerCase()) ? url.href : null;
}

function allowedLinkHosts(): string[] {
  return (env().LINK_ALLOWED_HOSTS ?? "")
    .split(",")
    .map((host) => host.trim().toLowerCase())
    .filter(Boolean);
}
