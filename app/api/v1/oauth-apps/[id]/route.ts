import { apiRoute, idParams, methods, noContent, ok } from '@/lib/api';
import { deleteOAuthApp, getOAuthApp, updateOAuthApp } from '@/lib/oauth/apps';
import { oauthAppJson, updateOAuthAppSchema } from '@/lib/oauth/schema';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  // GET /api/v1/oauth-apps/{id} – one app
  GET: apiRoute({
    summary: 'one app',
    operationId: 'getOAuthApp',
    permission: 'admin',
    params: idParams,
    status: 200,
    response: oauthAppJson,
    handle: async ({ ctx, params }) => ok(await getOAuthApp(ctx, params.id)),
  }),
  // PUT /api/v1/oauth-apps/{id} – change name, description, redirect URIs, native, scopes or logo; never confidential
  PUT: apiRoute({
    summary: 'change name, description, redirect URIs, native, scopes or logo; never confidential',
    operationId: 'updateOAuthApp',
    permission: 'admin',
    params: idParams,
    body: updateOAuthAppSchema,
    status: 200,
    response: oauthAppJson,
    handle: async ({ ctx, params, body }) => ok(await updateOAuthApp(ctx, params.id, body)),
  }),
  // DELETE /api/v1/oauth-apps/{id} – delete the app; every token it holds stops working at once
  DELETE: apiRoute({
    summary: 'delete the app; every token it holds stops working at once',
    operationId: 'deleteOAuthApp',
    permission: 'admin',
    params: idParams,
    status: 204,
    response: null,
    handle: async ({ ctx, params }) => {
      await deleteOAuthApp(ctx, params.id);
      return noContent();
    },
  }),
});
