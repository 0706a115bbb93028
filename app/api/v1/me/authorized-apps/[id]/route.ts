import { apiRoute, idParams, methods, noContent } from '@/lib/api';
import { revokeAuthorizedApp } from '@/lib/oauth/grants';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  // DELETE /api/v1/me/authorized-apps/{id} – the signed-in agent revokes the app's access: its tokens for them stop working at once
  DELETE: apiRoute({
    summary: "the signed-in agent revokes the app's access: its tokens for them stop working at once",
    operationId: 'revokeAuthorizedApp',
    permission: 'write',
    params: idParams,
    status: 204,
    response: null,
    handle: async ({ ctx, params }) => {
      await revokeAuthorizedApp(ctx, params.id);
      return noContent();
    },
  }),
});
