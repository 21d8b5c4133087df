// Who is calling, for the sign-in limit per address. Each proxy in front of us appends the address
// it was called from to X-Forwarded-For, and everything before those entries is whatever the client
// claimed. So the client is the entry `trustedHops` from the end of the chain [...X-Forwarded-For,
// the socket's peer]: with no proxy in front (0) that is the socket's peer, whatever the header says.
export function clientAddressOf(forwardedFor: string | undefined, socketAddress: string | undefined, trustedHops: number): string {
  const chain = [...(forwardedFor ?? "").split(","), socketAddress ?? ""].map((entry) => entry.trim()).filter(Boolean);
  return chain[Math.max(0, chain.length - 1 - trustedHops)] ?? "unknown";
}

/**
 * The caller's address in a route handler: our HTTP server (server.ts) sets X-Forwarded-For to it
 * alone, from the connection and the proxies TRUST_PROXY_HOPS trusts.
 */
export function clientAddress(request: Request): string {
  return request.headers.get("x-forwarded-for")?.trim() || "unknown";
}
