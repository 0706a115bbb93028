import { z } from 'zod';
import { apiRoute, idParams, methods, ok } from '@/lib/api';
import { listOAuthAppGrants } from '@/lib/oauth/grants';
import { oauthGrantJson } from '@/lib/oauth/schema';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  // GET /api/v1/oauth-apps/{id}/grants – the agents who authorized the app, with the scopes of their live tokens
  GET: apiRoute({
    summary: 'the agents who authorized the app, with the scopes of their live tokens',
    operationId: 'listOAuthAppGrants',
    permission: 'admin',
    params: idParams,
    status: 200,
    response: z.array(oauthGrantJson),
    handle: async ({ ctx, params }) => ok(await listOAuthAppGrants(ctx, params.id)),
  }),
});
