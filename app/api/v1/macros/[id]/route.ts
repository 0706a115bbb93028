import { apiRoute, idParams, methods, noContent, ok } from '@/lib/api';
import { macroJson, updateMacroSchema } from '@/lib/macros/schema';
import { deleteMacro, getMacro, updateMacro } from '@/lib/macros/service';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  // GET /api/v1/macros/{id} – a shared macro or one of the caller's own
  GET: apiRoute({
    summary: "a shared macro or one of the caller's own",
    operationId: 'getMacro',
    permission: 'read',
    scope: 'tickets:read',
    params: idParams,
    status: 200,
    response: macroJson,
    handle: async ({ ctx, params }) => ok(await getMacro(ctx, params.id)),
  }),
  // PUT /api/v1/macros/{id} – change a macro (shared ones: admins only; personal ones: their owner)
  PUT: apiRoute({
    summary: 'change a macro (shared ones: admins only; personal ones: their owner)',
    operationId: 'updateMacro',
    permission: 'write',
    scope: 'tickets:write',
    params: idParams,
    body: updateMacroSchema,
    status: 200,
    response: macroJson,
    handle: async ({ ctx, params, body }) => ok(await updateMacro(ctx, params.id, body)),
  }),
  // DELETE /api/v1/macros/{id} – delete a macro (shared ones: admins only; personal ones: their owner)
  DELETE: apiRoute({
    summary: 'delete a macro (shared ones: admins only; personal ones: their owner)',
    operationId: 'deleteMacro',
    permission: 'write',
    scope: 'tickets:write',
    params: idParams,
    status: 204,
    response: null,
    handle: async ({ ctx, params }) => {
      await deleteMacro(ctx, params.id);
      return noContent();
    },
  }),
});
