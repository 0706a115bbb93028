import 'server-only';
import { randomBytes } from 'node:crypto';
import { and, desc, eq, isNull, notInArray } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { oauthApps, oauthCodes, type OAuthApp } from '@/db/schema';
import { actingAgentId, type ServiceContext } from '@/lib/context';
import { ConflictError, NotFoundError, ValidationError } from '@/lib/errors';
import { changeOf, recordEvents, resourceEvent } from '@/lib/events';
import {
  NATIVE_ONLY,
  nativeOnlyUris,
  type CreateOAuthAppInput,
  type NewOAuthAppJson,
  type OAuthAppJson,
  type OAuthAppWithSecretJson,
  type UpdateOAuthAppInput,
} from './schema';
import { toOAuthAppJson } from './serialize';
import { hashToken, randomToken } from './token-values';

const CLIENT_ID_PREFIX = 'ld_app_';
const SECRET_PREFIX = 'ld_oas_';

/** A client secret is kept as tokens are: its SHA-256, so a stolen database holds no secret. */
function newClientSecret() {
  const plain = randomToken(SECRET_PREFIX);
  return { plain, hash: hashToken(plain) };
}

/** 15 random bytes are 20 base64url characters: a client_id is public, but no one should guess the next one. */
const newClientId = () => CLIENT_ID_PREFIX + randomBytes(15).toString('base64url');

/** Registers an app; a confidential one's secret is in this answer and rotate-secret's only. */
export async function createOAuthApp(ctx: ServiceContext, input: CreateOAuthAppInput): Promise<NewOAuthAppJson> {
  const secret = input.confidential ? newClientSecret() : null;
  return ctx.db.transaction(async (tx) => {
    const [app] = await tx
      .insert(oauthApps)
      .values({
        clientId: newClientId(),
        name: input.name,
        description: input.description,
        logoUrl: input.logo_url ?? null,
        confidential: input.confidential,
        native: input.native,
        secretHash: secret?.hash ?? null,
        redirectUris: input.redirect_uris,
        scopes: input.scopes,
        createdByAgentId: actingAgentId(ctx.actor),
      })
      .returning();
    const json = toOAuthAppJson(app!);
    await recordEvents({ ...ctx, db: tx }, [resourceEvent('oauth_app.created', json.id, { oauth_app: json })]);
    return { ...json, client_secret: secret?.plain ?? null };
  });
}

/** Every app, newest first. */
export async function listOAuthApps(ctx: ServiceContext): Promise<OAuthAppJson[]> {
  const rows = await ctx.db.select().from(oauthApps).orderBy(desc(oauthApps.id));
  return rows.map(toOAuthAppJson);
}

export async function getOAuthAppOrThrow(db: Db, id: number): Promise<OAuthApp> {
  const [app] = await db.select().from(oauthApps).where(eq(oauthApps.id, id));
  if (!app) throw new NotFoundError('OAuth app');
  return app;
}

export async function getOAuthApp(ctx: ServiceContext, id: number): Promise<OAuthAppJson> {
  return toOAuthAppJson(await getOAuthAppOrThrow(ctx.db, id));
}

/** The app, locked until the caller's transaction ends: a concurrent change or deletion waits for it. */
async function lockOAuthAppOrThrow(tx: Db, id: number): Promise<OAuthApp> {
  const [app] = await tx.select().from(oauthApps).where(eq(oauthApps.id, id)).for('update');
  if (!app) throw new NotFoundError('OAuth app');
  return app;
}

/**
 * Whether the app, as it will be, may keep its redirect URIs: an edit may switch `native` off
 * without touching them, so the schema alone cannot tell.
 */
function checkNativeOnlyUris(redirectUris: string[], native: boolean) {
  const refused = nativeOnlyUris(redirectUris, native);
  if (refused.length > 0) throw new ValidationError(refused.map((i) => ({ field: `redirect_uris[${i}]`, message: NATIVE_ONLY })));
}

/** Changes the given fields. Grants already given keep their tokens; the next authorization asks for the app as it is now. */
export async function updateOAuthApp(ctx: ServiceContext, id: number, input: UpdateOAuthAppInput): Promise<OAuthAppJson> {
  return ctx.db.transaction(async (tx) => {
    const locked = await lockOAuthAppOrThrow(tx, id);
    checkNativeOnlyUris(input.redirect_uris ?? locked.redirectUris, input.native ?? locked.native);
    const [app] = await tx
      .update(oauthApps)
      .set({
        name: input.name,
        description: input.description,
        logoUrl: input.logo_url,
        native: input.native,
        redirectUris: input.redirect_uris,
        scopes: input.scopes,
        updatedAt: new Date(),
      })
      .where(eq(oauthApps.id, id))
      .returning();
    // A code not yet exchanged for a redirect URI just removed (perhaps compromised) must not become a token.
    if (input.redirect_uris) {
      await tx.delete(oauthCodes).where(and(eq(oauthCodes.appId, id), isNull(oauthCodes.usedAt), notInArray(oauthCodes.redirectUri, input.redirect_uris)));
    }
    const before = toOAuthAppJson(locked);
    const json = toOAuthAppJson(app!);
    await recordEvents({ ...ctx, db: tx }, [resourceEvent('oauth_app.updated', id, { oauth_app: json, ...changeOf(before, json) })]);
    return json;
  });
}

/** Deletes the app with its codes and tokens (the foreign keys cascade): every agent's grant ends at once. */
export async function deleteOAuthApp(ctx: ServiceContext, id: number): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const app = await lockOAuthAppOrThrow(tx, id);
    await tx.delete(oauthApps).where(eq(oauthApps.id, id));
    await recordEvents({ ...ctx, db: tx }, [resourceEvent('oauth_app.deleted', id, { oauth_app: toOAuthAppJson(app) })]);
  });
}

/** A new client secret, returned this once; the old one stops working at commit. Tokens already issued stay valid. */
export async function rotateOAuthAppSecret(ctx: ServiceContext, id: number): Promise<OAuthAppWithSecretJson> {
  const secret = newClientSecret();
  return ctx.db.transaction(async (tx) => {
    const locked = await lockOAuthAppOrThrow(tx, id);
    if (!locked.confidential) throw new ConflictError('A public app has no secret');
    const [app] = await tx.update(oauthApps).set({ secretHash: secret.hash, updatedAt: new Date() }).where(eq(oauthApps.id, id)).returning();
    const json = toOAuthAppJson(app!);
    await recordEvents({ ...ctx, db: tx }, [resourceEvent('oauth_app.secret_rotated', id, { oauth_app: json })]);
    return { ...json, client_secret: secret.plain };
  });
}
