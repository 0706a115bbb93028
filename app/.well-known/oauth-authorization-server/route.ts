import { scopes } from '@/lib/oauth/scopes';
import { issuer } from '@/lib/oauth/server';

// GET /.well-known/oauth-authorization-server – the authorization server's metadata (RFC 8414)
export function GET(): Response {
  const base = issuer();
  return Response.json(
    {
      issuer: base,
      authorization_endpoint: `${base}/oauth/authorize`,
      token_endpoint: `${base}/oauth/token`,
      revocation_endpoint: `${base}/oauth/revoke`,
      introspection_endpoint: `${base}/oauth/introspect`,
      scopes_supported: scopes,
      response_types_supported: ['code'],
      response_modes_supported: ['query'],
      grant_types_supported: ['authorization_code', 'refresh_token'],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
      revocation_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
      introspection_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      authorization_response_iss_parameter_supported: true,
      service_documentation: `${base}/docs`,
    },
    { headers: { 'Cache-Control': 'public, max-age=3600' } },
  );
}

export const dynamic = 'force-dynamic';
