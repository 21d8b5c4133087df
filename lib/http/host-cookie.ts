// The cookies we set: httpOnly (script cannot read them), SameSite=Lax (other sites' POSTs do not
// carry them), path /. Over https they are also Secure and take the __Host- prefix, and are read
// only under that name there: the browser keeps such a cookie for this very host, so a
// neighbouring subdomain cannot plant one (a session fixed in advance, a sign-in of its own).

interface HasHeaders {
  headers: Headers;
  url?: string;
}

export interface HostCookie {
  /** The cookie's value as sent, under the name this scheme uses. */
  read(request: HasHeaders): string | undefined;
  /** The Set-Cookie header: until `expires`, or for `maxAgeSeconds`. */
  set(request: HasHeaders, value: string, lifetime: { expires: Date } | { maxAgeSeconds: number }): string;
  /** The Set-Cookie header that removes it. */
  clear(request: HasHeaders): string;
}

export function hostCookie(name: string): HostCookie {
  const nameFor = (request: HasHeaders) => (isHttps(request) ? `__Host-${name}` : name);
  const serialize = (request: HasHeaders, value: string, lifetime: string) =>
    `${nameFor(request)}=${value}; Path=/; HttpOnly; SameSite=Lax; ${lifetime}${isHttps(request) ? "; Secure" : ""}`;
  return {
    read: (request) => readCookie(request, nameFor(request)),
    set: (request, value, lifetime) =>
      serialize(request, value, "expires" in lifetime ? `Expires=${lifetime.expires.toUTCString()}` : `Max-Age=${lifetime.maxAgeSeconds}`),
    clear: (request) => serialize(request, "", "Max-Age=0"),
  };
}

/**
 * Whether the browser reached us over https. server.ts keeps X-Forwarded-Proto only when
 * TRUST_PROXY_HOPS says a proxy in front sets it (Next fills it in from the connection otherwise).
 */
export function isHttps(request: HasHeaders): boolean {
  const forwarded = request.headers.get("x-forwarded-proto");
  const scheme = forwarded ?? (request.url ? new URL(request.url).protocol.replace(":", "") : "http");
  return scheme.split(",")[0]?.trim() === "https";
}

/** A cookie's value as sent: ours are base64url and never percent-encoded, so nothing is decoded. */
export function readCookie(request: HasHeaders, name: string): string | undefined {
  const header = request.headers.get("cookie") ?? "";
  for (const part of header.split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return value.join("=");
  }
  return undefined;
}
