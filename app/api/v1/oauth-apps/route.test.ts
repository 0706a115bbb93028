import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { oauthApps } from '@/db/schema';
import type { NewOAuthAppJson, OAuthAppJson } from '@/lib/oauth/schema';
import { call, type ApiResult } from '@/lib/test/api';
import { expectError, expectValidationError, isoSeconds } from '@/lib/test/expectations';
import { createAgent, createKey } from '@/lib/test/factories';

let adminKey: string;

beforeAll(async () => {
  adminKey = await createKey('admin');
});

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const createViaApi = (body: unknown, key = adminKey) => call<NewOAuthAppJson>('POST', '/api/v1/oauth-apps', { key, body });
const listApps = () => call<OAuthAppJson[]>('GET', '/api/v1/oauth-apps', { key: adminKey });

const validApp = {
  name: 'Calendar sync',
  description: 'Puts ticket due dates in your calendar',
  redirect_uris: ['https://calendar.example.com/oauth/callback'],
  confidential: true,
  scopes: ['tickets:read', 'tickets:write'],
};

async function newApp(body: Record<string, unknown> = {}): Promise<NewOAuthAppJson> {
  const res = await createViaApi({ ...validApp, ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.data;
}

/** No answer may carry a secret's hash, in any field or under any name. */
function expectNoHash(res: ApiResult<unknown>, ...secrets: string[]) {
  const text = JSON.stringify(res.body);
  expect(text).not.toMatch(/hash/i);
  expect(text).not.toMatch(/\b[0-9a-f]{64}\b/);
  for (const secret of secrets) expect(text).not.toContain(sha256(secret));
}

describe('POST /api/v1/oauth-apps', () => {
  it('registers a confidential app and shows its client secret once, in data.client_secret', async () => {
    const res = await createViaApi({ ...validApp, logo_url: 'https://calendar.example.com/logo.png' });

    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      success: true,
      data: {
        id: expect.any(Number),
        client_id: expect.stringMatching(/^ld_app_[A-Za-z0-9_-]{20}$/),
        client_secret: expect.stringMatching(/^ld_oas_[A-Za-z0-9_-]{43}$/),
        name: 'Calendar sync',
        description: 'Puts ticket due dates in your calendar',
        logo_url: 'https://calendar.example.com/logo.png',
        confidential: true,
        native: false,
        redirect_uris: ['https://calendar.example.com/oauth/callback'],
        scopes: ['tickets:read', 'tickets:write'],
        created_by: null,
        created_at: expect.stringMatching(isoSeconds),
        updated_at: expect.stringMatching(isoSeconds),
      },
    });
    expectNoHash(res, res.body.data.client_secret!);
  });

  it('registers a public app with no secret, and gives the defaults', async () => {
    const res = await createViaApi({ name: 'Desk for Mac', redirect_uris: ['http://127.0.0.1/callback'], confidential: false, scopes: ['tickets:read'] });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ confidential: false, native: false, description: '', logo_url: null, client_secret: null });
    const [row] = await getDb().select().from(oauthApps).where(eq(oauthApps.id, res.body.data.id));
    expect(row!.secretHash).toBeNull();
  });

  it('accepts the loopback hosts over http on any port and path, and a private-use scheme for a native app', async () => {
    const redirects = ['http://127.0.0.1:8765/cb', 'http://[::1]/oauth', 'http://localhost:3000/auth/done', 'com.example.desk:/oauth2redirect'];
    const app = await newApp({ native: true, confidential: false, redirect_uris: redirects });
    expect(app.redirect_uris).toEqual(redirects);
    expect(app.native).toBe(true);
  });

  it('stores only the SHA-256 hash of the client secret, and a different secret and client_id every time', async () => {
    const a = await newApp();
    const b = await newApp();
    const [row] = await getDb().select().from(oauthApps).where(eq(oauthApps.id, a.id));
    expect(row!.secretHash).toBe(sha256(a.client_secret!));
    for (const value of Object.values(row!)) expect(JSON.stringify(value) ?? '').not.toContain(a.client_secret);
    expect(a.client_secret).not.toBe(b.client_secret);
    expect(a.client_id).not.toBe(b.client_id);
  });

  it('records the agent behind the creating key as created_by', async () => {
    const agent = await createAgent({ role: 'admin' });
    const res = await createViaApi(validApp, await createKey('admin', {}, agent.id));
    expect(res.body.data.created_by).toBe(agent.id);
  });

  const nativeOnly = 'A private-use scheme such as com.example.app: is allowed only for a native app';
  it.each([
    ['a fragment', 'https://calendar.example.com/cb#done', 'Must not contain a fragment (#…)'],
    ['http on a host that is not loopback', 'http://calendar.example.com/cb', 'Must use https:// (http:// is allowed only for 127.0.0.1, [::1] and localhost)'],
    ['a wildcard', 'https://*.example.com/cb', 'Must not contain wildcards (*): each redirect URI is matched exactly'],
    ['a private-use scheme on an app that is not native', 'com.example.desk:/oauth2redirect', nativeOnly],
    ['a relative URI', '/oauth/callback', 'Must be an absolute URL, e.g. https://app.example.com/callback'],
    [
      'a scheme that is not private-use',
      'javascript:alert(1)',
      'Must use https://, http:// on a loopback address, or a private-use scheme such as com.example.app: (native apps only)',
    ],
    ['a URI over 2000 characters', `https://calendar.example.com/${'x'.repeat(2000)}`, 'Must be at most 2000 characters'],
  ])('refuses a redirect URI with %s, naming its index', async (_what, uri, message) => {
    const before = await getDb().$count(oauthApps);
    expectValidationError(await createViaApi({ ...validApp, redirect_uris: ['https://calendar.example.com/ok', uri] }), [
      { field: 'redirect_uris[1]', message },
    ]);
    expect(await getDb().$count(oauthApps)).toBe(before);
  });

  it.each([
    ['a missing name', { name: undefined }, { field: 'name', message: 'Name is required' }],
    ['an empty name', { name: '' }, { field: 'name', message: 'Name must not be empty' }],
    ['a name over 100 characters', { name: 'x'.repeat(101) }, { field: 'name', message: 'Name must be at most 100 characters' }],
    ['a description over 500 characters', { description: 'x'.repeat(501) }, { field: 'description', message: 'Description must be at most 500 characters' }],
    ['a missing confidential', { confidential: undefined }, { field: 'confidential', message: 'Confidential is required' }],
    ['no redirect URIs', { redirect_uris: [] }, { field: 'redirect_uris', message: 'Give at least one redirect URI' }],
    ['missing redirect URIs', { redirect_uris: undefined }, { field: 'redirect_uris', message: 'Redirect URIs are required' }],
    [
      'eleven redirect URIs',
      { redirect_uris: Array.from({ length: 11 }, (_, i) => `https://calendar.example.com/cb${i}`) },
      { field: 'redirect_uris', message: 'Give at most 10 redirect URIs' },
    ],
    [
      'a repeated redirect URI',
      { redirect_uris: ['https://calendar.example.com/cb', 'https://calendar.example.com/cb'] },
      { field: 'redirect_uris[1]', message: 'This redirect URI is listed more than once' },
    ],
    ['no scopes', { scopes: [] }, { field: 'scopes', message: 'Scopes must have at least 1 item' }],
    [
      'an unknown scope',
      { scopes: ['tickets:read', 'tickets:delete'] },
      {
        field: 'scopes[1]',
        message:
          'Scopes must be one of: tickets:read, tickets:write, customers:read, customers:write, agents:read, agents:write, webhooks:read, webhooks:write, reports:read, admin',
      },
    ],
    ['a repeated scope', { scopes: ['tickets:read', 'tickets:read'] }, { field: 'scopes[1]', message: 'Scope tickets:read is listed more than once' }],
    [
      'a logo over http',
      { logo_url: 'http://calendar.example.com/logo.png' },
      { field: 'logo_url', message: 'Logo URL must be an https:// URL, written as a browser writes it' },
    ],
    [
      'a redirect URI with a user name in it',
      { redirect_uris: ['https://calendar.example.com@evil.example/cb'] },
      { field: 'redirect_uris[0]', message: 'Must not contain a user name or password (…@)' },
    ],
    [
      'a redirect URI the browser would read otherwise (a NUL byte)',
      { redirect_uris: ['https://calendar.example.com/cb\u0000'] },
      { field: 'redirect_uris[0]', message: 'Write it as "https://calendar.example.com/cb"' },
    ],
    [
      'a redirect URI with its default port',
      { redirect_uris: ['https://Calendar.example.com:443/cb'] },
      { field: 'redirect_uris[0]', message: 'Write it as "https://calendar.example.com/cb"' },
    ],
    [
      'a logo with a NUL byte',
      { logo_url: 'https://calendar.example.com/logo\u0000.png' },
      { field: 'logo_url', message: 'Logo URL must be an https:// URL, written as a browser writes it' },
    ],
  ])('refuses %s with 400 and the field error', async (_what, change, detail) => {
    const before = await getDb().$count(oauthApps);
    expectValidationError(await createViaApi({ ...validApp, ...change }), [detail]);
    expect(await getDb().$count(oauthApps)).toBe(before);
  });
});

describe('GET /api/v1/oauth-apps', () => {
  it('lists the apps, newest first, without any secret or hash', async () => {
    const a = await newApp({ name: 'First' });
    const b = await newApp({ name: 'Second' });
    const res = await listApps();

    expect(res.status).toBe(200);
    const ids = res.body.data.map((app) => app.id);
    expect(ids.indexOf(b.id)).toBeLessThan(ids.indexOf(a.id));
    const { client_secret: _secret, ...listed } = b;
    expect(res.body.data.find((app) => app.id === b.id)).toEqual(listed);
    for (const item of res.body.data) expect(Object.keys(item)).not.toContain('client_secret');
    expectNoHash(res, a.client_secret!, b.client_secret!);
  });
});

describe('permissions on /api/v1/oauth-apps', () => {
  it.each(['read', 'write'] as const)('answers 403 to a %s key and registers nothing', async (permission) => {
    const key = await createKey(permission);
    const before = await getDb().$count(oauthApps);
    for (const [method, body] of [
      ['GET', undefined],
      ['POST', validApp],
    ] as const) {
      expectError(await call(method, '/api/v1/oauth-apps', { key, body }), {
        status: 403,
        code: 'FORBIDDEN',
        message: 'This action requires admin permission',
      });
    }
    expect(await getDb().$count(oauthApps)).toBe(before);
  });

  it('answers 401 without a key', async () => {
    for (const method of ['GET', 'POST']) {
      expectError(await call(method, '/api/v1/oauth-apps', { body: method === 'POST' ? validApp : undefined }), {
        status: 401,
        code: 'UNAUTHORIZED',
        message: 'Authentication required: send Authorization: Bearer <API key>',
      });
    }
  });
});
