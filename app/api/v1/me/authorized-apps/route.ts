import { z } from 'zod';
import { apiRoute, methods, ok } from '@/lib/api';
import { listAuthorizedApps } from '@/lib/oauth/grants';
import { authorizedAppJson } from '@/lib/oauth/schema';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  // GET /api/v1/me/authorized-apps – the apps the signed-in agent authorized, with the scopes they hold
  GET: apiRoute({
    summary: 'the apps the signed-in agent authorized, with the scopes they hold',
    operationId: 'listAuthorizedApps',
    permission: 'read',
    status: 200,
    response: z.array(authorizedAppJson),
    handle: async ({ ctx }) => ok(await listAuthorizedApps(ctx)),
  }),
});
