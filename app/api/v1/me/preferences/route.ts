import { apiRoute, methods, ok } from '@/lib/api';
import { getOwnPreferences, updateOwnPreferences } from '@/lib/agents/preferences';
import { agentPreferencesJson, updatePreferencesSchema } from '@/lib/agents/schema';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  // GET /api/v1/me/preferences – the signed-in agent's desk settings (their time zone)
  GET: apiRoute({
    summary: "the signed-in agent's desk settings (their time zone)",
    operationId: 'getMyPreferences',
    permission: 'read',
    scope: 'agents:read',
    status: 200,
    response: agentPreferencesJson,
    handle: async ({ ctx }) => ok(await getOwnPreferences(ctx)),
  }),
  // PUT /api/v1/me/preferences – the signed-in agent sets their time zone (null: the browser's)
  PUT: apiRoute({
    summary: 'the signed-in agent sets their time zone (null: the browser’s)',
    operationId: 'updateMyPreferences',
    permission: 'write',
    body: updatePreferencesSchema,
    status: 200,
    response: agentPreferencesJson,
    handle: async ({ ctx, body }) => ok(await updateOwnPreferences(ctx, body)),
  }),
});
