import { apiRoute, idParams, methods, noContent, ok } from '@/lib/api';
import { slaPolicyJson, updateSlaPolicySchema } from '@/lib/sla/schema';
import { deleteSlaPolicy, getSlaPolicyOrThrow, updateSlaPolicy } from '@/lib/sla/service';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  // GET /api/v1/sla-policies/{id} – an SLA policy
  GET: apiRoute({
    summary: 'an SLA policy',
    operationId: 'getSlaPolicy',
    permission: 'read',
    scope: 'tickets:read',
    params: idParams,
    status: 200,
    response: slaPolicyJson,
    handle: async ({ ctx, params }) => ok(await getSlaPolicyOrThrow(ctx.db, params.id)),
  }),
  // PUT /api/v1/sla-policies/{id} – change an SLA policy; the clocks of open tickets follow at once
  PUT: apiRoute({
    summary: 'change an SLA policy; the clocks of open tickets follow at once',
    operationId: 'updateSlaPolicy',
    permission: 'admin',
    scope: 'admin',
    params: idParams,
    body: updateSlaPolicySchema,
    status: 200,
    response: slaPolicyJson,
    handle: async ({ ctx, params, body }) => ok(await updateSlaPolicy(ctx, params.id, body)),
  }),
  // DELETE /api/v1/sla-policies/{id} – delete an SLA policy; open tickets move to the policy that covers them now
  DELETE: apiRoute({
    summary: 'delete an SLA policy; open tickets move to the policy that covers them now',
    operationId: 'deleteSlaPolicy',
    permission: 'admin',
    scope: 'admin',
    params: idParams,
    status: 204,
    response: null,
    handle: async ({ ctx, params }) => {
      await deleteSlaPolicy(ctx, params.id);
      return noContent();
    },
  }),
});
