import { apiRoute, idParams, methods, ok, oneTimeSecret } from '@/lib/api';
import { rotateOAuthAppSecret } from '@/lib/oauth/apps';
import { oauthAppWithSecretJson } from '@/lib/oauth/schema';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  // POST /api/v1/oauth-apps/{id}/rotate-secret – a new client secret, shown this once; the old one stops working (409 for a public app)
  POST: apiRoute({
    summary: 'a new client secret, shown this once; the old one stops working (409 for a public app)',
    operationId: 'rotateOAuthAppSecret',
    permission: 'admin',
    params: idParams,
    status: 200,
    response: oauthAppWithSecretJson,
    handle: async ({ ctx, params }) => oneTimeSecret(ok(await rotateOAuthAppSecret(ctx, params.id))),
  }),
});
