import { apiRoute, idParams, methods, noContent, ok } from '@/lib/api';
import { apiKeyJson, updateApiKeySchema } from '@/lib/api-keys/schema';
import { getApiKey, revokeApiKey, updateApiKey } from '@/lib/api-keys/service';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  // GET /api/v1/api-keys/{id} – one key
  GET: apiRoute({
    summary: 'one key',
    operationId: 'getApiKey',
    permission: 'admin',
    params: idParams,
    status: 200,
    response: apiKeyJson,
    handle: async ({ ctx, params }) => ok(await getApiKey(ctx, params.id)),
  }),
  // PUT /api/v1/api-keys/{id} – change name, permission, expiry, IP allowlist or rate limit
  PUT: apiRoute({
    summary: 'change name, permission, expiry, IP allowlist or rate limit',
    operationId: 'updateApiKey',
    permission: 'admin',
    params: idParams,
    body: updateApiKeySchema,
    status: 200,
    response: apiKeyJson,
    handle: async ({ ctx, params, body }) => ok(await updateApiKey(ctx, params.id, body)),
  }),
  // DELETE /api/v1/api-keys/{id} – revoke at once
  DELETE: apiRoute({
    summary: 'revoke at once',
    operationId: 'revokeApiKey',
    permission: 'admin',
    params: idParams,
    status: 204,
    response: null,
    handle: async ({ ctx, params }) => {
      await revokeApiKey(ctx, params.id);
      return noContent();
    },
  }),
});
