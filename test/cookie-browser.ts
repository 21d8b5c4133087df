// A browser as far as a sign-in through redirects needs one: fetch that keeps each site's cookies
// (by host and port; expired ones dropped) and follows redirects itself, so a test can watch every
// hop, stop at one, and change what it sends.

export interface Visit {
  url: URL;
  response: Response;
  /** The body, read once. */
  text: string;
}

export class CookieBrowser {
  private readonly cookies = new Map<string, Map<string, string>>();

  constructor(private readonly headers: Record<string, string> = {}) {}

  /**
   * Goes to `url` and follows redirects; stops at the first address `stopAt` accepts (without
   * requesting it) or at the first answer that is not a redirect.
   */
  async visit(
    url: string | URL,
    init: { method?: string; form?: Record<string, string>; stopAt?: (next: URL) => boolean } = {},
  ): Promise<Visit> {
    let current = new URL(url);
    let request: RequestInit = init.form
      ? { method: "POST", body: new URLSearchParams(init.form), headers: { "content-type": "application/x-www-form-urlencoded" } }
      : { method: init.method ?? "GET" };
    for (let hop = 0; hop < 20; hop++) {
      const response = await fetch(current, {
        ...request,
        redirect: "manual",
        headers: { ...this.headers, ...(request.headers as Record<string, string>), cookie: this.cookieHeader(current) },
      });
      this.keep(current, response);
      const location = response.headers.get("location");
      if (response.status < 300 || response.status >= 400 || !location) return { url: current, response, text: await response.text() };
      await response.body?.cancel();
      const next = new URL(location, current);
      if (init.stopAt?.(next)) return { url: next, response, text: "" };
      current = next;
      request = { method: "GET" };
    }
    throw new Error(`more than 20 redirects from ${url}`);
  }

  /** A cookie this browser holds for the site of `url`. */
  cookie(url: string | URL, name: string): string | undefined {
    return this.cookies.get(new URL(url).host)?.get(name);
  }

  setCookie(url: string | URL, name: string, value: string): void {
    this.site(new URL(url)).set(name, value);
  }

  cookieHeader(url: URL): string {
    return [...(this.cookies.get(url.host) ?? new Map<string, string>())].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  private keep(url: URL, response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = line.split(";");
      const [name = "", ...rest] = pair.trim().split("=");
      const value = rest.join("=");
      const expired = value === "" || attributes.some((attribute) => isExpiry(attribute.trim()));
      if (expired) this.site(url).delete(name);
      else this.site(url).set(name, value);
    }
  }

  private site(url: URL): Map<string, string> {
    let site = this.cookies.get(url.host);
    if (!site) {
      site = new Map();
      this.cookies.set(url.host, site);
    }
    return site;
  }
}

function isExpiry(attribute: string): boolean {
  const [key = "", value = ""] = attribute.split("=");
  if (key.toLowerCase() === "max-age") return Number(value) <= 0;
  if (key.toLowerCase() === "expires") return Date.parse(value) <= Date.now();
  return false;
}
