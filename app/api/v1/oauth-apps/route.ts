import { z } from 'zod';
import { apiRoute, created, methods, ok, oneTimeSecret } from '@/lib/api';
import { createOAuthApp, listOAuthApps } from '@/lib/oauth/apps';
import { createOAuthAppSchema, newOAuthAppJson, oauthAppJson } from '@/lib/oauth/schema';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  // GET /api/v1/oauth-apps – list the OAuth apps, newest first (never a secret or its hash)
  GET: apiRoute({
    summary: 'list the OAuth apps, newest first (never a secret or its hash)',
    operationId: 'listOAuthApps',
    permission: 'admin',
    status: 200,
    response: z.array(oauthAppJson),
    handle: async ({ ctx }) => ok(await listOAuthApps(ctx)),
  }),
  // POST /api/v1/oauth-apps – register an app; a confidential app's secret is in data.client_secret, this once
  POST: apiRoute({
    summary: "register an app; a confidential app's secret is in data.client_secret, this once",
    operationId: 'createOAuthApp',
    permission: 'admin',
    body: createOAuthAppSchema,
    status: 201,
    response: newOAuthAppJson,
    handle: async ({ ctx, body }) => oneTimeSecret(created(await createOAuthApp(ctx, body))),
  }),
});
