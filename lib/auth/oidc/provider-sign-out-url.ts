import * as client from "openid-client";
import type { OidcSettings } from "../../env";
import { logger } from "../../log";
import { providerConfiguration } from "./provider-configuration";

/**
 * RP-initiated logout: the provider's end-session address for a session it opened, which brings the
 * browser back to /login; null when the provider offers none (or cannot be reached: signing out
 * here never waits on it).
 */
export async function providerSignOutUrl({ settings, idToken }: { settings: OidcSettings; idToken: string }): Promise<string | null> {
  let configuration: client.Configuration;
  try {
    configuration = await providerConfiguration(settings);
  } catch (error) {
    logger("oidc").warn({ err: error }, "signed out here only: the identity provider could not be reached");
    return null;
  }
  if (!configuration.serverMetadata().end_session_endpoint) return null;
  return client.buildEndSessionUrl(configuration, {
    id_token_hint: idToken,
    post_logout_redirect_uri: settings.postLogoutRedirectUri,
  }).href;
}
