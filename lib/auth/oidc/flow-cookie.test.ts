import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { disconnectDb } from "@/lib/db/prisma";
import { clearedFlowCookie, flowCookie, type OidcFlow, readFlowCookie } from "./flow-cookie";

// The cookie that carries a company sign-in to the provider and back (signed with a shared key
// from the test database).
const FLOW: OidcFlow = { state: "state-1", nonce: "nonce-1", codeVerifier: "v".repeat(43), next: "/notifications" };

function callback(cookie: string | null, headers: Record<string, string> = {}): Request {
  return new Request("http://localhost:3000/api/auth/oidc/callback", { headers: { ...headers, ...(cookie ? { cookie } : {}) } });
}

const pair = (setCookie: string) => setCookie.split(";")[0]!;

describe("the sign-in flow cookie", () => {
  afterEach(() => vi.useRealTimers());
  afterAll(disconnectDb);

  it("comes back as it was given: httpOnly, SameSite=Lax, ten minutes", async () => {
    const set = await flowCookie(callback(null), FLOW);
    expect(set).toMatch(/^gw_oidc=[\w-]+\.[\w-]{22}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=600$/);
    expect(await readFlowCookie(callback(pair(set)))).toEqual(FLOW);
  });

  it("is Secure with the __Host- prefix over https, and only read under that name there", async () => {
    const https = { "x-forwarded-proto": "https" };
    const set = await flowCookie(callback(null, https), FLOW);
    expect(set).toMatch(/^__Host-gw_oidc=.*; Path=\/; HttpOnly; SameSite=Lax; Max-Age=600; Secure$/);
    expect(await readFlowCookie(callback(pair(set), https))).toEqual(FLOW);
    expect(await readFlowCookie(callback(pair(set).replace("__Host-", ""), https))).toBeNull();
    expect(clearedFlowCookie(callback(null, https))).toBe("__Host-gw_oidc=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Secure");
  });

  it("is refused when altered, made up, or expired", async () => {
    const value = pair(await flowCookie(callback(null), FLOW)).slice("gw_oidc=".length);
    const [payload = "", mac = ""] = value.split(".");
    const redirected = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload, "base64url").toString()), next: "/admin" }),
    ).toString("base64url");
    expect(await readFlowCookie(callback(`gw_oidc=${redirected}.${mac}`))).toBeNull();
    expect(await readFlowCookie(callback(`gw_oidc=${payload}.${mac.slice(0, -1)}${mac.endsWith("A") ? "B" : "A"}`))).toBeNull();
    expect(await readFlowCookie(callback("gw_oidc=garbage"))).toBeNull();
    expect(await readFlowCookie(callback(null))).toBeNull();

    vi.useFakeTimers({ now: Date.now() + 601_000, toFake: ["Date"] });
    expect(await readFlowCookie(callback(`gw_oidc=${value}`))).toBeNull();
  });
});
