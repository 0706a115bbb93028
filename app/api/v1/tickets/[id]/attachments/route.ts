import { apiRoute, created, methods, readMultipart } from '@/lib/api';
import { config } from '@/lib/config';
import { ValidationError } from '@/lib/errors';
import { checkUploadSize, contentTypeFor } from '@/lib/files/attachments';
import { addAttachments } from '@/lib/tickets/replies';

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  // POST /api/v1/tickets/{id}/attachments – multipart upload, one or more parts named "file"
  POST: apiRoute({
    permission: 'write',
    handle: async ({ ctx, params, req }) => {
      const form = await readMultipart(req, config().maxUploadBytes + 64 * 1024);
      const parts = form.getAll('file').filter((p): p is File => typeof p !== 'string');
      if (parts.length === 0) throw new ValidationError([{ field: 'file', message: 'Send at least one part named "file"' }]);
      const files = await Promise.all(
        parts.map(async (part) => {
          checkUploadSize(part.size, part.name);
          const filename = part.name.replace(/\u0000/g, '').slice(0, 255) || 'upload';
          return { filename, contentType: contentTypeFor(filename, part.type), bytes: new Uint8Array(await part.arrayBuffer()) };
        }),
      );
      return created(await addAttachments(ctx, params.id!, files));
    },
  }),
});
