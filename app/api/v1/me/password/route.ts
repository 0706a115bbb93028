import { apiRoute, methods, noContent } from '@/lib/api';
import { changePasswordSchema } from '@/lib/agents/schema';
import { changeOwnPassword } from '@/lib/agents/service';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  // PUT /api/v1/me/password – the signed-in agent changes their password; their other sessions end
  PUT: apiRoute({
    summary: 'the signed-in agent changes their password; their other sessions end',
    operationId: 'changeMyPassword',
    permission: 'write',
    body: changePasswordSchema,
    status: 204,
    response: null,
    handle: async ({ ctx, body }) => {
      await changeOwnPassword(ctx, body);
      return noContent();
    },
  }),
});
