import { apiRoute, idParams, methods, noContent } from '@/lib/api';
import { deleteSavedView } from '@/lib/views/service';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  // DELETE /api/v1/views/{id} – delete one of the calling agent's views
  DELETE: apiRoute({
    summary: "delete one of the calling agent's views",
    operationId: 'deleteView',
    permission: 'write',
    scope: 'tickets:write',
    params: idParams,
    status: 204,
    response: null,
    handle: async ({ ctx, params }) => {
      await deleteSavedView(ctx, params.id);
      return noContent();
    },
  }),
});
