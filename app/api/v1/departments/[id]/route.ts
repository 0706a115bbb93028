import { apiRoute, idParams, methods, noContent, ok } from '@/lib/api';
import { getDepartmentOrThrow } from '@/lib/organisation/queries';
import { departmentJson, updateDepartmentSchema } from '@/lib/organisation/schema';
import { deleteDepartment, updateDepartment } from '@/lib/organisation/service';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  // GET /api/v1/departments/{id} – one department with its ticket count
  GET: apiRoute({
    summary: 'one department with its ticket count',
    operationId: 'getDepartment',
    permission: 'read',
    scope: 'tickets:read',
    params: idParams,
    status: 200,
    response: departmentJson,
    handle: async ({ ctx, params }) => ok(await getDepartmentOrThrow(ctx.db, params.id)),
  }),
  // PUT /api/v1/departments/{id} – rename or describe
  PUT: apiRoute({
    summary: 'rename or describe',
    operationId: 'updateDepartment',
    permission: 'admin',
    scope: 'admin',
    params: idParams,
    body: updateDepartmentSchema,
    status: 200,
    response: departmentJson,
    handle: async ({ ctx, params, body }) => ok(await updateDepartment(ctx, params.id, body)),
  }),
  // DELETE /api/v1/departments/{id} – refused while tickets are filed under it
  DELETE: apiRoute({
    summary: 'refused while tickets are filed under it',
    operationId: 'deleteDepartment',
    permission: 'admin',
    scope: 'admin',
    params: idParams,
    status: 204,
    response: null,
    handle: async ({ ctx, params }) => {
      await deleteDepartment(ctx, params.id);
      return noContent();
    },
  }),
});
