import { PROVIDER_SIGN_OUT_HEADER } from "../auth/oidc/provider-sign-out-header";
import { apiRequest } from "./api-request";

// The browser's side of the sign-in routes (docs/api.md).

/** POST /api/auth/login: resolves once signed in; an ApiError (400, 401, 404, 429) or a network error otherwise. */
export async function signIn(credentials: { email: string; password: string }): Promise<void> {
  await apiRequest("/api/auth/login", { method: "POST", body: JSON.stringify(credentials) });
}

/**
 * POST /api/auth/logout: the session ends everywhere. For a company sign-in whose provider offers
 * it, the address where the browser ends that session too (null otherwise).
 */
export async function signOut(): Promise<{ providerSignOut: string | null }> {
  const { headers } = await apiRequest("/api/auth/logout", { method: "POST" });
  const providerSignOut = headers.get(PROVIDER_SIGN_OUT_HEADER);
  return { providerSignOut: providerSignOut && /^https?:\/\//.test(providerSignOut) ? providerSignOut : null };
}
