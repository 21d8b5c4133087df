import * as client from "openid-client";
import { db } from "../../db/prisma";
import type { OidcSettings } from "../../env";
import { logger } from "../../log";
import { createSession } from "../session";
import type { OidcFlow } from "./flow-cookie";
import { providerConfiguration } from "./provider-configuration";
import type { OidcSignInError } from "./sign-in-errors";

export type OidcSignInResult = { ok: true; session: { token: string; expiresAt: Date } } | { ok: false; error: OidcSignInError };

/**
 * The provider's answer at the callback: openid-client checks the state against the one this
 * browser was given, exchanges the code with the PKCE verifier and checks the ID token (signature,
 * issuer, audience, expiry, nonce). The person is then found by OIDC_MATCH_CLAIM, and an active one
 * gets the same session as a password sign-in.
 */
export async function completeOidcSignIn({
  settings,
  flow,
  response,
}: {
  settings: OidcSettings;
  flow: OidcFlow;
  /** The query string the provider sent the browser back with. */
  response: URLSearchParams;
}): Promise<OidcSignInResult> {
  const log = logger("oidc");
  let configuration: client.Configuration;
  try {
    configuration = await providerConfiguration(settings);
  } catch (error) {
    log.warn({ err: error, issuer: settings.issuer.href }, "the identity provider's discovery document could not be read");
    return { ok: false, error: "unavailable" };
  }
  // The answer as it reached our registered address: openid-client sends the token endpoint that
  // same redirect_uri, whatever host name the request came in by.
  const callbackUrl = new URL(settings.redirectUri);
  callbackUrl.search = response.toString();
  let claimed: string | null;
  let idToken: string | undefined;
  try {
    const tokens = await client.authorizationCodeGrant(configuration, callbackUrl, {
      pkceCodeVerifier: flow.codeVerifier,
      expectedState: flow.state,
      expectedNonce: flow.nonce,
      idTokenExpected: true,
    });
    idToken = tokens.id_token;
    claimed = await claimedValue(configuration, settings, tokens);
  } catch (error) {
    const reason = failureOf(error);
    if (reason === "failed") log.error({ err: error }, "company sign-in failed");
    else if (reason === "unavailable") log.warn({ err: error, issuer: settings.issuer.href }, "the identity provider could not be reached");
    else log.info({ reason, ...oauthDetails(error) }, "company sign-in refused");
    return { ok: false, error: reason };
  }

  const person = claimed
    ? await db().user.findUnique({
        where: settings.matchClaim === "sub" ? { id: claimed } : { email: claimed },
        select: { id: true, active: true },
      })
    : null;
  if (!person) {
    log.info({ matchClaim: settings.matchClaim, claimed }, "company sign-in of someone not in the directory");
    return { ok: false, error: "unknown_person" };
  }
  if (!person.active) {
    log.info({ userId: person.id }, "company sign-in of a deactivated person");
    return { ok: false, error: "deactivated" };
  }
  log.info({ userId: person.id }, "signed in with the company account");
  return { ok: true, session: await createSession(person.id, { oidcIdToken: idToken }) };
}

/**
 * The value to look the person up by: the `sub`, or the email in lower case (as password sign-in
 * compares it). Providers that keep `email` out of the ID token give it at the UserInfo endpoint;
 * an email the provider itself says is unverified is not used.
 */
async function claimedValue(
  configuration: client.Configuration,
  settings: OidcSettings,
  tokens: client.TokenEndpointResponse & client.TokenEndpointResponseHelpers,
): Promise<string | null> {
  const claims = tokens.claims();
  if (!claims) return null;
  if (settings.matchClaim === "sub") return claims.sub;
  let { email, email_verified: verified } = claims;
  if (typeof email !== "string") {
    const info = await client.fetchUserInfo(configuration, tokens.access_token, claims.sub);
    ({ email, email_verified: verified } = info);
  }
  if (typeof email !== "string" || verified === false) return null;
  return email.trim().toLowerCase();
}

// openid-client's errors, as the reason shown on /login.
function failureOf(error: unknown): OidcSignInError {
  if (error instanceof client.AuthorizationResponseError) return error.error === "access_denied" ? "access_denied" : "provider_error";
  if (error instanceof client.ResponseBodyError) return error.error === "invalid_grant" ? "invalid_response" : "provider_error";
  if (error instanceof TypeError && error.message === "fetch failed") return "unavailable";
  if (error instanceof client.ClientError) {
    if (error.code && UNREACHABLE.has(error.code)) return "unavailable";
    if (error.code && UNVERIFIED.has(error.code)) return "invalid_response";
  }
  return "failed";
}

/** What a refusal says, without its stack: it is an answer, not a fault of ours. */
function oauthDetails(error: unknown): Record<string, string | undefined> {
  if (error instanceof client.AuthorizationResponseError || error instanceof client.ResponseBodyError) {
    return { providerError: error.error, providerDescription: error.error_description };
  }
  return error instanceof client.ClientError ? { code: error.code, problem: String(error.cause ?? error.message) } : {};
}

/** The provider did not answer, or not as a provider does. */
const UNREACHABLE = new Set(["OAUTH_TIMEOUT", "OAUTH_RESPONSE_IS_NOT_CONFORM", "OAUTH_RESPONSE_IS_NOT_JSON"]);
/** The answer did not check out: state, issuer, nonce, audience, expiry, signature. */
const UNVERIFIED = new Set([
  "OAUTH_INVALID_RESPONSE",
  "OAUTH_PARSE_ERROR",
  "OAUTH_JWT_CLAIM_COMPARISON_FAILED",
  "OAUTH_JWT_TIMESTAMP_CHECK_FAILED",
  "OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED",
  "OAUTH_KEY_SELECTION_FAILED",
]);
