import { apiRoute, created, listOf, methods, paginated, pagination } from '@/lib/api';
import { createMacroSchema, listMacrosQuery, macroJson } from '@/lib/macros/schema';
import { createMacro, listMacros } from '@/lib/macros/service';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  // GET /api/v1/macros – the shared macros and the caller's personal ones, by name, paginated
  GET: apiRoute({
    summary: "the shared macros and the caller's personal ones, by name, paginated",
    operationId: 'listMacros',
    permission: 'read',
    scope: 'tickets:read',
    query: listMacrosQuery,
    status: 200,
    response: listOf(macroJson),
    handle: async ({ ctx, query }) => {
      const { items, total } = await listMacros(ctx, query);
      return paginated(items, pagination(query.page, query.per_page, total));
    },
  }),
  // POST /api/v1/macros – create a macro {name, body, visibility, actions} (shared ones: admins only)
  POST: apiRoute({
    summary: 'create a macro {name, body, visibility, actions} (shared ones: admins only)',
    operationId: 'createMacro',
    permission: 'write',
    scope: 'tickets:write',
    body: createMacroSchema,
    status: 201,
    response: macroJson,
    handle: async ({ ctx, body }) => created(await createMacro(ctx, body)),
  }),
});
