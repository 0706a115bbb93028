import { apiRoute, created, listOf, methods, paginated, pagination } from '@/lib/api';
import { listDepartments } from '@/lib/organisation/queries';
import { createDepartmentSchema, departmentJson, listDepartmentsQuery } from '@/lib/organisation/schema';
import { createDepartment } from '@/lib/organisation/service';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  // GET /api/v1/departments – all departments by name, paginated
  GET: apiRoute({
    summary: 'all departments by name, paginated',
    operationId: 'listDepartments',
    permission: 'read',
    scope: 'tickets:read',
    query: listDepartmentsQuery,
    status: 200,
    response: listOf(departmentJson),
    handle: async ({ ctx, query }) => {
      const { items, total } = await listDepartments(ctx.db, query);
      return paginated(items, pagination(query.page, query.per_page, total));
    },
  }),
  // POST /api/v1/departments – create a department (a setting: admin only)
  POST: apiRoute({
    summary: 'create a department (a setting: admin only)',
    operationId: 'createDepartment',
    permission: 'admin',
    scope: 'admin',
    body: createDepartmentSchema,
    status: 201,
    response: departmentJson,
    handle: async ({ ctx, body }) => created(await createDepartment(ctx, body)),
  }),
});
