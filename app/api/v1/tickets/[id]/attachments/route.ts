import { apiRoute, created, methods, readMultipart } from '@/lib/api';
import { config } from '@/lib/config';
import { filesFromForm } from '@/lib/files/attachments';
import { addAttachments } from '@/lib/tickets/replies';

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  // POST /api/v1/tickets/{id}/attachments – multipart upload, one or more parts named "file"
  POST: apiRoute({
    permission: 'write',
    handle: async ({ ctx, params, req }) => {
      const form = await readMultipart(req, config().maxUploadBytes + 64 * 1024);
      return created(await addAttachments(ctx, params.id!, await filesFromForm(form)));
    },
  }),
});
