/** @type {import('next').NextConfig} */
const nextConfig = {
  // These talk to sockets and native bindings; Next must load them from node_modules, not bundle them.
  serverExternalPackages: ["pg", "kafkajs", "pino", "@prisma/adapter-pg", "@prisma/client"],
  poweredByHeader: false,
  reactStrictMode: true,
  // forbidden(): admin pages answer a non-admin with status 403 and app/forbidden.tsx.
  experimental: { authInterrupts: true },
};

export default nextConfig;
