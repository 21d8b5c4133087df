// The header of POST /api/auth/logout's 204 that, for a session opened through the company's identity
// provider, names where the browser goes next to sign out there too (the provider then sends it
// back to /login). Dependency-free: the route sets it, the sign-out button follows it.
export const PROVIDER_SIGN_OUT_HEADER = "Sign-Out-Redirect";
