import { apiRoute, file, idParams, methods } from '@/lib/api';
import { downloadAttachment } from '@/lib/files/attachments';
import { downloadFileQuery } from '@/lib/files/schema';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  // GET /api/v1/files/{id}/download – an attachment's bytes, with the API's credentials
  GET: apiRoute({
    summary: "an attachment's bytes, with the API's credentials",
    operationId: 'downloadFile',
    permission: 'read',
    scope: 'tickets:read',
    params: idParams,
    query: downloadFileQuery,
    status: 200,
    response: file('application/octet-stream'),
    handle: async ({ ctx, params, query }) => downloadAttachment(ctx.db, params.id, { inline: query.inline }),
  }),
});
