import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { agents, apiKeys, type ApiKey } from '@/db/schema';
import { actingAgentId, permissionOfRole, permits, type Permission, type ServiceContext } from '@/lib/context';
import { NotFoundError } from '@/lib/errors';
import { changeOf, recordEvents, resourceEvent } from '@/lib/events';
import type { CreateApiKeyInput, UpdateApiKeyInput } from './schema';
import { toApiKeyJson } from './serialize';

const KEY_PREFIX = 'ld_live_';
const VISIBLE_CHARS = KEY_PREFIX.length + 6;

export function hashApiKey(plain: string): string {
  return createHash('sha256').update(plain).digest('hex');
}

/** Creates a key; the plain secret is returned here once and never stored. */
export async function createApiKey(ctx: ServiceContext, input: CreateApiKeyInput) {
  const plain = KEY_PREFIX + randomBytes(24).toString('base64url');
  return ctx.db.transaction(async (tx) => {
    const [key] = await tx
      .insert(apiKeys)
      .values({
        name: input.name,
        permission: input.permission,
        prefix: plain.slice(0, VISIBLE_CHARS),
        keyHash: hashApiKey(plain),
        expiresAt: input.expires_at ?? null,
        ipWhitelist: input.ip_whitelist ?? [],
        rateLimit: input.rate_limit ?? null,
        createdByAgentId: actingAgentId(ctx.actor),
      })
      .returning();
    const json = toApiKeyJson(key!);
    await recordEvents({ ...ctx, db: tx }, [resourceEvent('api_key.created', json.id, { api_key: json })]);
    return { ...json, key: plain };
  });
}

export async function listApiKeys(ctx: ServiceContext) {
  const rows = await ctx.db.select().from(apiKeys).where(isNull(apiKeys.revokedAt)).orderBy(desc(apiKeys.id));
  return rows.map(toApiKeyJson);
}

async function getLiveKeyOrThrow(db: Db, id: number): Promise<ApiKey> {
  const [key] = await db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)));
  if (!key) throw new NotFoundError('API key');
  return key;
}

export async function getApiKey(ctx: ServiceContext, id: number) {
  return toApiKeyJson(await getLiveKeyOrThrow(ctx.db, id));
}

/** The live key, locked until the caller's transaction ends: a concurrent revocation waits for it. */
async function lockLiveKeyOrThrow(tx: Db, id: number): Promise<ApiKey> {
  const [key] = await tx
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
    .for('update');
  if (!key) throw new NotFoundError('API key');
  return key;
}

export async function updateApiKey(ctx: ServiceContext, id: number, input: UpdateApiKeyInput) {
  return ctx.db.transaction(async (tx) => {
    const before = toApiKeyJson(await lockLiveKeyOrThrow(tx, id));
    const [key] = await tx
      .update(apiKeys)
      .set({
        name: input.name,
        permission: input.permission,
        expiresAt: input.expires_at,
        ipWhitelist: input.ip_whitelist,
        rateLimit: input.rate_limit,
        updatedAt: new Date(),
      })
      .where(eq(apiKeys.id, id))
      .returning();
    const json = toApiKeyJson(key!);
    await recordEvents({ ...ctx, db: tx }, [resourceEvent('api_key.updated', id, { api_key: json, ...changeOf(before, json) })]);
    return json;
  });
}

/** Revocation takes effect on the next request: the row stays for the audit trail, hidden from the API. */
export async function revokeApiKey(ctx: ServiceContext, id: number): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    await lockLiveKeyOrThrow(tx, id);
    const [key] = await tx.update(apiKeys).set({ revokedAt: new Date(), updatedAt: new Date() }).where(eq(apiKeys.id, id)).returning();
    await recordEvents({ ...ctx, db: tx }, [resourceEvent('api_key.revoked', id, { api_key: toApiKeyJson(key!) })]);
  });
}

export type KeyCheck = { ok: true; key: ApiKey; permission: Permission } | { ok: false; reason: 'unknown' | 'revoked' | 'expired' | 'creator_inactive' };

/**
 * Finds a key by the SHA-256 of the presented secret: the lookup is an index probe on the hash,
 * so its timing says nothing about how much of a guessed secret was right. A key made by a person
 * acts with at most that person's current role (an agent is `write`), and stops with them when
 * they are deactivated; keys made by the CLI have no creator and keep their own permission.
 */
export async function checkApiKey(db: Db, plain: string): Promise<KeyCheck> {
  const [row] = await db
    .select({ key: apiKeys, creatorRole: agents.role, creatorStatus: agents.status })
    .from(apiKeys)
    .leftJoin(agents, eq(agents.id, apiKeys.createdByAgentId))
    .where(eq(apiKeys.keyHash, hashApiKey(plain)));
  if (!row) return { ok: false, reason: 'unknown' };
  const { key, creatorRole, creatorStatus } = row;
  if (key.revokedAt) return { ok: false, reason: 'revoked' };
  if (key.expiresAt && key.expiresAt.getTime() <= Date.now()) return { ok: false, reason: 'expired' };
  if (key.createdByAgentId === null) return { ok: true, key, permission: key.permission };
  if (creatorStatus !== 'active' || creatorRole === null) return { ok: false, reason: 'creator_inactive' };
  const creatorPermission = permissionOfRole(creatorRole);
  return { ok: true, key, permission: permits(creatorPermission, key.permission) ? key.permission : creatorPermission };
}

const lastTouched = new Map<number, number>();

/** Records use at most once a minute per key, so a busy key does not write on every request. */
export async function touchApiKey(db: Db, key: ApiKey): Promise<void> {
  const now = Date.now();
  const seen = Math.max(lastTouched.get(key.id) ?? 0, key.lastUsedAt?.getTime() ?? 0);
  if (now - seen < 60_000) return;
  lastTouched.set(key.id, now);
  await db
    .update(apiKeys)
    .set({ lastUsedAt: new Date(now) })
    .where(and(eq(apiKeys.id, key.id), sql`(${apiKeys.lastUsedAt} is null or ${apiKeys.lastUsedAt} < now() - interval '1 minute')`));
}
