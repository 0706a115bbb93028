import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { events, oauthApps, oauthCodes, oauthTokens } from '@/db/schema';
import type { OAuthAppJson } from '@/lib/oauth/schema';
import { call } from '@/lib/test/api';
import { expectError, expectValidationError, isoSeconds } from '@/lib/test/expectations';
import { createAgent, createKey } from '@/lib/test/factories';
import { createOAuthApp, grantOAuthApp, issueOAuthCode } from '@/lib/test/oauth-apps';

let adminKey: string;

beforeAll(async () => {
  adminKey = await createKey('admin');
});

const getApp = (id: number) => call<OAuthAppJson>('GET', `/api/v1/oauth-apps/${id}`, { key: adminKey });
const updateApp = (id: number, body: unknown) => call<OAuthAppJson>('PUT', `/api/v1/oauth-apps/${id}`, { key: adminKey, body });
const deleteApp = (id: number, key = adminKey) => call('DELETE', `/api/v1/oauth-apps/${id}`, { key });
const notFound = { status: 404, code: 'NOT_FOUND', message: 'OAuth app not found' };

describe('GET /api/v1/oauth-apps/{id}', () => {
  it('returns the app without its secret or hash', async () => {
    const { client_secret, ...app } = await createOAuthApp();
    const res = await getApp(app.id);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true, data: app });
    expect(JSON.stringify(res.body)).not.toContain(client_secret);
    expect(JSON.stringify(res.body)).not.toMatch(/hash|secret/i);
  });

  it('answers 404 for an unknown app id', async () => {
    expectError(await getApp(999_999), notFound);
  });
});

describe('PUT /api/v1/oauth-apps/{id}', () => {
  it('changes the given fields only and records what changed', async () => {
    const { client_secret: _secret, ...app } = await createOAuthApp({ description: 'Old words' });
    const change = { name: 'Calendar sync (EU)', redirect_uris: ['https://eu.calendar.example.com/cb'], scopes: ['tickets:read'], logo_url: null };
    const res = await updateApp(app.id, change);

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true, data: { ...app, ...change, updated_at: expect.stringMatching(isoSeconds) } });
    expect((await getApp(app.id)).body.data).toEqual(res.body.data);
    const [event] = await getDb()
      .select()
      .from(events)
      .where(and(eq(events.type, 'oauth_app.updated'), eq(events.resourceId, app.id)));
    expect(event!.payload).toMatchObject({
      changes: ['name', 'redirect_uris', 'scopes'],
      before: { name: app.name, redirect_uris: app.redirect_uris, scopes: app.scopes },
    });
  });

  it('refuses to turn a confidential app public, or a public one confidential', async () => {
    const message = 'An app stays confidential or public: create a new app to change it';
    const confidential = await createOAuthApp({ confidential: true });
    expectValidationError(await updateApp(confidential.id, { confidential: false }), [{ field: 'confidential', message }]);
    const publicApp = await createOAuthApp({ confidential: false });
    expectValidationError(await updateApp(publicApp.id, { confidential: true, name: 'Sneaky' }), [{ field: 'confidential', message }]);
    expect((await getApp(publicApp.id)).body.data).toMatchObject({ confidential: false, name: publicApp.name });
  });

  it('keeps a private-use redirect URI for native apps only, whichever of the two an edit changes', async () => {
    const message = 'A private-use scheme such as com.example.app: is allowed only for a native app';
    const web = await createOAuthApp();
    expectValidationError(await updateApp(web.id, { redirect_uris: ['https://calendar.example.com/cb', 'com.example.desk:/cb'] }), [
      { field: 'redirect_uris[1]', message },
    ]);

    const native = await createOAuthApp({ native: true, confidential: false, redirect_uris: ['com.example.desk:/cb'] });
    expectValidationError(await updateApp(native.id, { native: false }), [{ field: 'redirect_uris[0]', message }]);
    const res = await updateApp(native.id, { native: false, redirect_uris: ['http://127.0.0.1/cb'] });
    expect(res.body.data).toMatchObject({ native: false, redirect_uris: ['http://127.0.0.1/cb'] });
  });

  it('validates like create, naming the field', async () => {
    const app = await createOAuthApp();
    expectValidationError(await updateApp(app.id, { redirect_uris: ['http://calendar.example.com/cb'] }), [
      { field: 'redirect_uris[0]', message: 'Must use https:// (http:// is allowed only for 127.0.0.1, [::1] and localhost)' },
    ]);
    expectValidationError(await updateApp(app.id, { scopes: ['everything'] }), [
      {
        field: 'scopes[0]',
        message:
          'Scopes must be one of: tickets:read, tickets:write, customers:read, customers:write, agents:read, agents:write, webhooks:read, webhooks:write, reports:read, admin',
      },
    ]);
    expectValidationError(await updateApp(app.id, {}), [{ field: '', message: 'Give at least one field to update' }]);
  });

  it('answers 404 for an unknown app id', async () => {
    expectError(await updateApp(999_999, { name: 'Nobody' }), notFound);
  });
});

describe('DELETE /api/v1/oauth-apps/{id}', () => {
  it('deletes the app with its codes and tokens at once: 204, then 404', async () => {
    const app = await createOAuthApp();
    const agent = await createAgent();
    await grantOAuthApp(app.id, agent.id);
    await issueOAuthCode(app.id, agent.id);
    const other = await createOAuthApp();
    await grantOAuthApp(other.id, agent.id);

    const res = await deleteApp(app.id);
    expect(res.status).toBe(204);
    expect(res.body).toBeNull();

    expectError(await getApp(app.id), notFound);
    expect(await getDb().$count(oauthTokens, eq(oauthTokens.appId, app.id))).toBe(0);
    expect(await getDb().$count(oauthCodes, eq(oauthCodes.appId, app.id))).toBe(0);
    expect(await getDb().$count(oauthTokens, eq(oauthTokens.appId, other.id))).toBe(1);
    const [event] = await getDb()
      .select()
      .from(events)
      .where(and(eq(events.type, 'oauth_app.deleted'), eq(events.resourceId, app.id)));
    expect(event!.payload).toMatchObject({ oauth_app: { id: app.id, client_id: app.client_id } });

    expectError(await deleteApp(app.id), notFound);
  });
});

describe('permissions on /api/v1/oauth-apps/{id}', () => {
  const endpoints = [
    { method: 'GET', body: undefined },
    { method: 'PUT', body: { name: 'Taken over' } },
    { method: 'DELETE', body: undefined },
  ];

  it.each(['read', 'write'] as const)('answers 403 to a %s key on every method and changes nothing', async (permission) => {
    const key = await createKey(permission);
    const app = await createOAuthApp();
    for (const { method, body } of endpoints) {
      expectError(await call(method, `/api/v1/oauth-apps/${app.id}`, { key, body }), {
        status: 403,
        code: 'FORBIDDEN',
        message: 'This action requires admin permission',
      });
    }
    const [row] = await getDb().select().from(oauthApps).where(eq(oauthApps.id, app.id));
    expect(row!.name).toBe(app.name);
  });

  it('answers 401 on every method without a key', async () => {
    const app = await createOAuthApp();
    for (const { method, body } of endpoints) {
      expectError(await call(method, `/api/v1/oauth-apps/${app.id}`, { body }), {
        status: 401,
        code: 'UNAUTHORIZED',
        message: 'Authentication required: send Authorization: Bearer <API key>',
      });
    }
  });
});
