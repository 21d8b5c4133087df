import { z } from "zod";
import { hostCookie } from "../../http/host-cookie";
import { MAC_PATTERN, macWith } from "../../security/shared-keys";

// A company sign-in in progress: what the callback needs to check the provider's answer (the PKCE
// verifier, state and nonce) and the page that was asked for. It rides in a cookie of its own,
// signed with a key every web process shares (so any process can take the callback), httpOnly,
// for ten minutes, and only ever for one trip to the provider: the callback clears it.
const LIFETIME_SECONDS = 600;
// A cookie of ours (lib/http/host-cookie.ts): over https Secure with the __Host- prefix, so a
// neighbouring subdomain cannot plant a sign-in of its own.
const FLOW_COOKIE = hostCookie("gw_oidc");
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
  return FLOW_COOKIE.set(request, value, { maxAgeSeconds: LIFETIME_SECONDS });
}

/** The Set-Cookie header that ends it, whatever became of it. */
export function clearedFlowCookie(request: Request): string {
  return FLOW_COOKIE.clear(request);
}

/** The sign-in this browser started, if its cookie is ours, unaltered and not expired. */
export async function readFlowCookie(request: Request): Promise<OidcFlow | null> {
  const [, payload = "", mac = ""] = VALUE.exec(FLOW_COOKIE.read(request) ?? "") ?? [];
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
