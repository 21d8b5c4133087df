import * as client from "openid-client";
import type { OidcSettings } from "../../env";
import type { OidcFlow } from "./flow-cookie";
import { providerConfiguration } from "./provider-configuration";

/**
 * A new company sign-in: the provider's authorization URL (code flow with PKCE S256, a fresh state
 * and nonce) and what the callback needs to check the answer, which the browser carries meanwhile.
 */
export async function beginOidcSignIn({ settings, next }: { settings: OidcSettings; next: string }): Promise<{ url: URL; flow: OidcFlow }> {
  const configuration = await providerConfiguration(settings);
  const flow: OidcFlow = {
    state: client.randomState(),
    nonce: client.randomNonce(),
    codeVerifier: client.randomPKCECodeVerifier(),
    next,
  };
  const url = client.buildAuthorizationUrl(configuration, {
    redirect_uri: settings.redirectUri,
    response_type: "code",
    scope: "openid email",
    code_challenge: await client.calculatePKCECodeChallenge(flow.codeVerifier),
    code_challenge_method: "S256",
    state: flow.state,
    nonce: flow.nonce,
  });
  return { url, flow };
}
