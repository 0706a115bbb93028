import { apiRoute, created, listOf, methods, paginated, pagination } from '@/lib/api';
import { createSlaPolicySchema, listSlaPoliciesQuery, slaPolicyJson } from '@/lib/sla/schema';
import { createSlaPolicy, listSlaPolicies } from '@/lib/sla/service';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  // GET /api/v1/sla-policies – the SLA policies: each department's, then the one for every other ticket
  GET: apiRoute({
    summary: "the SLA policies: each department's, then the one for every other ticket",
    operationId: 'listSlaPolicies',
    permission: 'read',
    scope: 'tickets:read',
    query: listSlaPoliciesQuery,
    status: 200,
    response: listOf(slaPolicyJson),
    handle: async ({ ctx, query }) => {
      const { items, total } = await listSlaPolicies(ctx.db, query);
      return paginated(items, pagination(query.page, query.per_page, total));
    },
  }),
  // POST /api/v1/sla-policies – create an SLA policy {name, department_id, time_zone, business_hours, holidays, targets}
  POST: apiRoute({
    summary: 'create an SLA policy {name, department_id, time_zone, business_hours, holidays, targets}',
    operationId: 'createSlaPolicy',
    permission: 'admin',
    scope: 'admin',
    body: createSlaPolicySchema,
    status: 201,
    response: slaPolicyJson,
    handle: async ({ ctx, body }) => created(await createSlaPolicy(ctx, body)),
  }),
});
