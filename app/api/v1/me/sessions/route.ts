import { apiRoute, methods, ok } from '@/lib/api';
import { endedSessionsJson } from '@/lib/agents/schema';
import { signOutEverywhere } from '@/lib/agents/service';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  // DELETE /api/v1/me/sessions – "sign out everywhere": the signed-in agent's other sessions end
  DELETE: apiRoute({
    summary: '"sign out everywhere": the signed-in agent\'s other sessions end',
    operationId: 'endMyOtherSessions',
    permission: 'write',
    status: 200,
    response: endedSessionsJson,
    handle: async ({ ctx }) => ok(await signOutEverywhere(ctx)),
  }),
});
