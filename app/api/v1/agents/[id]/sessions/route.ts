import { apiRoute, methods, ok } from '@/lib/api';
import { signOutEverywhere } from '@/lib/agents/service';

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  // DELETE /api/v1/agents/{id}/sessions – end the agent's browser sessions (admins; agents for themselves)
  DELETE: apiRoute({ permission: 'write', handle: async ({ ctx, params }) => ok(await signOutEverywhere(ctx, params.id!)) }),
});
