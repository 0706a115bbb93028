import { apiRoute, ids, methods, ok } from '@/lib/api';
import { appliedMacroJson } from '@/lib/macros/schema';
import { applyMacro } from '@/lib/macros/service';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  // POST /api/v1/tickets/{id}/macros/{macro_id}/apply – apply a macro's actions to the ticket and answer its rendered text (not sent)
  POST: apiRoute({
    summary: "apply a macro's actions to the ticket and answer its rendered text (not sent)",
    operationId: 'applyMacro',
    permission: 'write',
    scope: 'tickets:write',
    params: ids('id', 'macro_id'),
    status: 200,
    response: appliedMacroJson,
    // An action that no longer fits the ticket (an agent since deactivated, reopening a merged duplicate).
    errors: [400, 409],
    handle: async ({ ctx, params }) => ok(await applyMacro(ctx, params.id, params.macro_id)),
  }),
});
