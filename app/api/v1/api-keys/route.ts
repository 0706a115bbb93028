import { apiRoute, created, methods, ok, oneTimeSecret } from '@/lib/api';
import { createApiKeySchema } from '@/lib/api-keys/schema';
import { createApiKey, listApiKeys } from '@/lib/api-keys/service';

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  // GET /api/v1/api-keys – list live keys (never secrets or hashes)
  GET: apiRoute({ permission: 'admin', handle: async ({ ctx }) => ok(await listApiKeys(ctx)) }),
  // POST /api/v1/api-keys – create a key; the plain key is in data.key, this once
  POST: apiRoute({
    permission: 'admin',
    body: createApiKeySchema,
    handle: async ({ ctx, body }) => oneTimeSecret(created(await createApiKey(ctx, body))),
  }),
});
