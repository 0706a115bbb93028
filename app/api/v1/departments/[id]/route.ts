import { apiRoute, methods, noContent, ok } from '@/lib/api';
import { getDepartmentOrThrow } from '@/lib/organisation/queries';
import { updateDepartmentSchema } from '@/lib/organisation/schema';
import { deleteDepartment, updateDepartment } from '@/lib/organisation/service';

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  // GET /api/v1/departments/{id} – one department with its ticket count
  GET: apiRoute({ permission: 'read', handle: async ({ ctx, params }) => ok(await getDepartmentOrThrow(ctx.db, params.id!)) }),
  // PUT /api/v1/departments/{id} – rename or describe
  PUT: apiRoute({
    permission: 'admin',
    body: updateDepartmentSchema,
    handle: async ({ ctx, params, body }) => ok(await updateDepartment(ctx, params.id!, body)),
  }),
  // DELETE /api/v1/departments/{id} – refused while tickets are filed under it
  DELETE: apiRoute({
    permission: 'admin',
    handle: async ({ ctx, params }) => {
      await deleteDepartment(ctx, params.id!);
      return noContent();
    },
  }),
});
