import { z } from 'zod';
import { apiRoute, created, methods, ok, oneTimeSecret } from '@/lib/api';
import { apiKeyJson, createApiKeySchema, newApiKeyJson } from '@/lib/api-keys/schema';
import { createApiKey, listApiKeys } from '@/lib/api-keys/service';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  // GET /api/v1/api-keys – list live keys (never secrets or hashes)
  GET: apiRoute({
    summary: 'list live keys (never secrets or hashes)',
    operationId: 'listApiKeys',
    permission: 'admin',
    status: 200,
    response: z.array(apiKeyJson),
    handle: async ({ ctx }) => ok(await listApiKeys(ctx)),
  }),
  // POST /api/v1/api-keys – create a key; the plain key is in data.key, this once
  POST: apiRoute({
    summary: 'create a key; the plain key is in data.key, this once',
    operationId: 'createApiKey',
    permission: 'admin',
    body: createApiKeySchema,
    status: 201,
    response: newApiKeyJson,
    handle: async ({ ctx, body }) => oneTimeSecret(created(await createApiKey(ctx, body))),
  }),
});
