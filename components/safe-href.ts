// Links come from event producers (notification.custom takes any string); only a path on this
// site or an http(s) URL becomes a link, never javascript: or data:.
export function safeHref(link: string | null): string | null {
  if (!link) return null;
  try {
    const url = new URL(link, "https://groupware.invalid");
    return url.protocol === "https:" || url.protocol === "http:" ? link : null;
  } catch {
    return null;
  }
}
