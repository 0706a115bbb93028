import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { events, oauthApps, oauthTokens } from '@/db/schema';
import type { OAuthAppWithSecretJson } from '@/lib/oauth/schema';
import { call } from '@/lib/test/api';
import { expectError, isoSeconds } from '@/lib/test/expectations';
import { createAgent, createKey } from '@/lib/test/factories';
import { createOAuthApp, grantOAuthApp } from '@/lib/test/oauth-apps';

let adminKey: string;

beforeAll(async () => {
  adminKey = await createKey('admin');
});

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const rotate = (id: number, key = adminKey) => call<OAuthAppWithSecretJson>('POST', `/api/v1/oauth-apps/${id}/rotate-secret`, { key });
const storedHash = async (id: number) => (await getDb().select().from(oauthApps).where(eq(oauthApps.id, id)))[0]!.secretHash;

describe('POST /api/v1/oauth-apps/{id}/rotate-secret', () => {
  it('gives a new client secret this once and keeps only its hash; tokens already issued stay', async () => {
    const { client_secret: old, ...app } = await createOAuthApp();
    const token = await grantOAuthApp(app.id, (await createAgent()).id);

    const res = await rotate(app.id);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      success: true,
      data: { ...app, client_secret: expect.stringMatching(/^ld_oas_[A-Za-z0-9_-]{43}$/), updated_at: expect.stringMatching(isoSeconds) },
    });
    const secret = res.body.data.client_secret;
    expect(secret).not.toBe(old);
    expect(await storedHash(app.id)).toBe(sha256(secret));
    expect(JSON.stringify(res.body)).not.toContain(sha256(secret));

    const [kept] = await getDb().select().from(oauthTokens).where(eq(oauthTokens.id, token.id));
    expect(kept!.revokedAt).toBeNull();
    const rotated = await getDb()
      .select()
      .from(events)
      .where(and(eq(events.type, 'oauth_app.secret_rotated'), eq(events.resourceId, app.id)));
    expect(rotated).toHaveLength(1);
    expect(JSON.stringify(rotated[0]!.payload)).not.toContain(secret);
  });

  it('answers 409 for a public app, which has no secret, and leaves it without one', async () => {
    const app = await createOAuthApp({ confidential: false });
    expectError(await rotate(app.id), { status: 409, code: 'CONFLICT', message: 'A public app has no secret' });
    expect(await storedHash(app.id)).toBeNull();
  });

  it('answers 404 for an unknown app id', async () => {
    expectError(await rotate(999_999), { status: 404, code: 'NOT_FOUND', message: 'OAuth app not found' });
  });

  it.each(['read', 'write'] as const)('answers 403 to a %s key and keeps the secret', async (permission) => {
    const app = await createOAuthApp();
    const before = await storedHash(app.id);
    expectError(await rotate(app.id, await createKey(permission)), { status: 403, code: 'FORBIDDEN', message: 'This action requires admin permission' });
    expect(await storedHash(app.id)).toBe(before);
  });

  it('answers 401 without a key', async () => {
    const app = await createOAuthApp();
    expectError(await call('POST', `/api/v1/oauth-apps/${app.id}/rotate-secret`), {
      status: 401,
      code: 'UNAUTHORIZED',
      message: 'Authentication required: send Authorization: Bearer <API key>',
    });
  });
});
