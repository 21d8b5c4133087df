import * as client from "openid-client";
import type { OidcSettings } from "../../env";

// The identity provider's configuration, discovered once per process from OIDC_ISSUER's
// /.well-known/openid-configuration (openid-client checks that the document names that issuer).
// A discovery that fails (the provider is down) is forgotten, so the next sign-in tries again.
const TIMEOUT_SECONDS = 10;
const configurations = new Map<string, Promise<client.Configuration>>();

export function providerConfiguration(settings: OidcSettings): Promise<client.Configuration> {
  const key = `${settings.issuer.href} ${settings.clientId}`;
  let configuration = configurations.get(key);
  if (!configuration) {
    configuration = discover(settings);
    configuration.catch(() => configurations.delete(key));
    configurations.set(key, configuration);
  }
  return configuration;
}

async function discover(settings: OidcSettings): Promise<client.Configuration> {
  // Plain http only ever reaches here for a provider on this machine (lib/env.ts refuses it elsewhere).
  const insecure = settings.issuer.protocol === "http:" ? [client.allowInsecureRequests] : [];
  const discovered = await client.discovery(settings.issuer, settings.clientId, undefined, client.None(), {
    timeout: TIMEOUT_SECONDS,
    execute: insecure,
  });
  const server = discovered.serverMetadata();
  const configuration = new client.Configuration(
    server,
    settings.clientId,
    settings.clientSecret ? { client_secret: settings.clientSecret } : {},
    clientAuthentication(server, settings.clientSecret),
  );
  configuration.timeout = TIMEOUT_SECONDS;
  for (const apply of insecure) apply(configuration);
  return configuration;
}

// A confidential client sends its secret the way the provider asks: HTTP Basic (the standard's
// default, also when the provider does not say), or in the form when that is all it takes.
function clientAuthentication(server: client.ServerMetadata, secret: string | undefined): client.ClientAuth {
  if (!secret) return client.None();
  const methods = server.token_endpoint_auth_methods_supported;
  if (methods && !methods.includes("client_secret_basic") && methods.includes("client_secret_post")) return client.ClientSecretPost(secret);
  return client.ClientSecretBasic(secret);
}
