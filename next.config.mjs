/** @type {import('next').NextConfig} */
const nextConfig = {
  // These talk to sockets and native bindings; Next must load them from node_modules, not bundle them.
  serverExternalPackages: ["pg", "kafkajs", "pino", "@prisma/adapter-pg", "@prisma/client"],
  poweredByHeader: false,
  // On every response; pages also get a content security policy with a nonce from proxy.ts.
  async headers() {
    const everywhere = [
      { key: "X-Content-Type-Options", value: "nosniff" },
      { key: "Referrer-Policy", value: "same-origin" },
      { key: "X-Frame-Options", value: "DENY" },
      { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
      { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
    ];
    return [
      { source: "/:path*", headers: everywhere },
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" }] },
    ];
  },
  reactStrictMode: true,
  // unauthorized(): a signed-in page without a session answers 401 and app/unauthorized.tsx (sign in
  // in place); forbidden(): admin pages answer a non-admin with 403 and app/forbidden.tsx.
  experimental: { authInterrupts: true },
};

export default nextConfig;
