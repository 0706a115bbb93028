import { z } from 'zod';
import { apiRoute, created, idParams, methods, readMultipart } from '@/lib/api';
import { config } from '@/lib/config';
import { filesFromForm } from '@/lib/files/attachments';
import { addAttachments } from '@/lib/tickets/replies';
import { attachmentJson } from '@/lib/tickets/schema';

// The files plus room for the multipart framing and each part's headers.
const UPLOAD_BODY_LIMIT = config().maxUploadBytes + 64 * 1024;

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  // POST /api/v1/tickets/{id}/attachments – multipart upload, one or more parts named "file"
  POST: apiRoute({
    summary: 'multipart upload, one or more parts named "file"',
    operationId: 'uploadTicketAttachments',
    permission: 'write',
    scope: 'tickets:write',
    params: idParams,
    upload: { field: 'file' },
    maxBodyBytes: UPLOAD_BODY_LIMIT,
    status: 201,
    response: z.array(attachmentJson),
    handle: async ({ ctx, params, req }) => {
      const form = await readMultipart(req, UPLOAD_BODY_LIMIT);
      return created(await addAttachments(ctx, params.id, await filesFromForm(form)));
    },
  }),
});
