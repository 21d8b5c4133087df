import type { MessageKey } from "../../i18n/messages";

// Why a company sign-in came back to /login (its ?error=), and the message the page shows for it.
// Dependency-free: the callback route writes the code, the sign-in page reads it.
export const OIDC_SIGN_IN_ERRORS = {
  /** The provider knows the person; our directory has nobody with that email (or id). */
  unknown_person: "login.oidc.error.unknownPerson",
  /** The directory has deactivated the person. */
  deactivated: "login.oidc.error.deactivated",
  /** The person cancelled at the provider, or it refused them (access_denied). */
  access_denied: "login.oidc.error.accessDenied",
  /** Any other error the provider answered with. */
  provider_error: "login.oidc.error.provider",
  /** The answer did not check out: no sign-in of this browser's in progress, an altered or replayed state, code or token. */
  invalid_response: "login.oidc.error.invalidResponse",
  /** The provider could not be reached. */
  unavailable: "login.oidc.error.unavailable",
  /** Anything else (logged). */
  failed: "login.error.unexpected",
} as const satisfies Record<string, MessageKey>;

export type OidcSignInError = keyof typeof OIDC_SIGN_IN_ERRORS;

export function oidcSignInMessage(code: string | null | undefined): MessageKey | null {
  return code && Object.hasOwn(OIDC_SIGN_IN_ERRORS, code) ? OIDC_SIGN_IN_ERRORS[code as OidcSignInError] : null;
}

/** The sign-in page with the reason, keeping the page that was asked for, for the next try. */
export function signInPageWith(error: OidcSignInError, next: string): string {
  const query = new URLSearchParams({ error });
  if (next !== "/") query.set("next", next);
  return `/login?${query}`;
}
