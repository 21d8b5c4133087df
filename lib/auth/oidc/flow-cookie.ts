import { z } from "zod";
import { readCookie } from "../../http/route";
import { MAC_PATTERN, macWith } from "../../security/shared-keys";

// A company sign-in in progress: what the callback needs to check the provider's answer (the PKCE
// verifier, state and nonce) and the page that was asked for. It rides in a cookie of its own,
// signed with a key every web process shares (so any process can take the callback), httpOnly,
// for ten minutes, and only ever for one trip to the provider: the callback clears it.
const LIFETIME_SECONDS = 600;
const NAME = "gw_oidc";
// Over https the cookie takes the __Host- prefix: the browser then keeps it only for this host,
// path / and Secure, so a neighbouring subdomain cannot plant a sign-in of its own.
const SECURE_NAME = `__Host-${NAME}`;
const VALUE = new RegExp(`^([A-Za-z0-9_-]{1,4000})\\.(${MAC_PATTERN})$`);

const flowSchema = z.object({
  state: z.string().min(1),
  nonce: z.string().min(1),
  codeVerifier: z.string().min(43),
  next: z.string().startsWith("/"),
  expiresAt: z.number().int(),
});

export type OidcFlow = Omit<z.infer<typeof flowSchema>, "expiresAt">;

/** The Set-Cookie header that starts a sign-in. */
export async function flowCookie(request: Request, flow: OidcFlow): Promise<string> {
  const payload = Buffer.from(JSON.stringify({ ...flow, expiresAt: Date.now() + LIFETIME_SECONDS * 1000 })).toString("base64url");
  const value = `${payload}.${(await macWith("oidc-flow")).sign(payload)}`;
  return serialize(request, value, `Max-Age=${LIFETIME_SECONDS}`);
}

/** The Set-Cookie header that ends it, whatever became of it. */
export function clearedFlowCookie(request: Request): string {
  return serialize(request, "", "Max-Age=0");
}

/** The sign-in this browser started, if its cookie is ours, unaltered and not expired. */
export async function readFlowCookie(request: Request): Promise<OidcFlow | null> {
  const [, payload = "", mac = ""] = VALUE.exec(readCookie(request, cookieName(request)) ?? "") ?? [];
  if (!payload || !(await macWith("oidc-flow")).verify(payload, mac)) return null;
  let parsed: z.infer<typeof flowSchema>;
  try {
    parsed = flowSchema.parse(JSON.parse(Buffer.from(payload, "base64url").toString("utf8")));
  } catch {
    return null;
  }
  const { expiresAt, ...flow } = parsed;
  return expiresAt > Date.now() ? flow : null;
}

function serialize(request: Request, value: string, lifetime: string): string {
  const secure = isHttps(request) ? "; Secure" : "";
  return `${cookieName(request)}=${value}; Path=/; HttpOnly; SameSite=Lax; ${lifetime}${secure}`;
}

function cookieName(request: Request): string {
  return isHttps(request) ? SECURE_NAME : NAME;
}

// The same rule as the session cookie's (lib/auth/session-cookie.ts): server.ts keeps
// X-Forwarded-Proto only when TRUST_PROXY_HOPS says a proxy in front sets it.
function isHttps(request: Request): boolean {
  const forwarded = request.headers.get("x-forwarded-proto");
  return (forwarded ?? new URL(request.url).protocol.replace(":", "")) === "https";
}
