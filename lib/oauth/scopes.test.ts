/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest';
import { declaredOperations, routePath } from '@/lib/api/openapi';
import { permits } from '@/lib/context';
import { scopeCatalogue, scopes, scopesCover, scopesOfRole } from './scopes';

const modules = import.meta.glob<Record<string, unknown>>('/app/api/v1/**/route.ts', { eager: true });
const operations = Object.entries(modules).flatMap(([file, handlers]) =>
  declaredOperations(handlers).map(([method, contract]) => ({ name: `${method} ${routePath(file)}`, ...contract })),
);

// Credentials are never managed through an app's token: revoking the token must end what it could do.
const closedToApps = [
  'GET /api/v1/api-keys',
  'POST /api/v1/api-keys',
  'GET /api/v1/api-keys/{id}',
  'PUT /api/v1/api-keys/{id}',
  'DELETE /api/v1/api-keys/{id}',
  'GET /api/v1/oauth-apps',
  'POST /api/v1/oauth-apps',
  'GET /api/v1/oauth-apps/{id}',
  'PUT /api/v1/oauth-apps/{id}',
  'DELETE /api/v1/oauth-apps/{id}',
  'POST /api/v1/oauth-apps/{id}/rotate-secret',
  'GET /api/v1/oauth-apps/{id}/grants',
  'GET /api/v1/me/authorized-apps',
  'DELETE /api/v1/me/authorized-apps/{id}',
  'PUT /api/v1/me/password',
  'DELETE /api/v1/me/sessions',
  'DELETE /api/v1/agents/{id}/sessions',
  'PUT /api/v1/me/notifications',
  'POST /api/v1/notifications/read',
  'PUT /api/v1/me/preferences',
  'POST /api/v1/mailboxes/{id}/rotate-token',
  'POST /api/v1/webhooks/{id}/rotate-secret',
];

describe('the scopes the routes declare', () => {
  it('give every route a scope, except the public ones and those closed to apps', () => {
    const without = operations.filter((o) => o.permission !== 'public' && !o.scope).map((o) => o.name);
    expect(without.sort()).toEqual([...closedToApps].sort());
  });

  it('never give a public route a scope', () => {
    expect(operations.filter((o) => o.permission === 'public' && o.scope)).toEqual([]);
  });

  it('are each used by some route', () => {
    const used = new Set(operations.map((o) => o.scope));
    expect(scopes.filter((s) => s !== 'admin' && !used.has(s))).toEqual([]);
  });

  it('let an agent grant exactly the scopes some route lets an agent use', () => {
    for (const scope of scopes.filter((s) => s !== 'admin')) {
      const usable = operations.some((o) => o.scope === scope && o.permission !== 'public' && permits('write', o.permission));
      expect({ scope, grantable: scopeCatalogue[scope].role === 'agent' }).toEqual({ scope, grantable: usable });
    }
    expect(scopesOfRole('agent')).not.toContain('admin');
    expect(scopesOfRole('admin')).toEqual(scopes);
  });

  it('cover a route with its own scope or admin, never another', () => {
    expect(scopesCover(['tickets:read'], 'tickets:read')).toBe(true);
    expect(scopesCover(['admin'], 'webhooks:write')).toBe(true);
    expect(scopesCover(['tickets:read'], 'tickets:write')).toBe(false);
    expect(scopesCover([], 'tickets:read')).toBe(false);
  });
});
