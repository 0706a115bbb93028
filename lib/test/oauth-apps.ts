import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { getDb } from '@/db/client';
import { oauthCodes, oauthTokens } from '@/db/schema';
import * as apps from '@/lib/oauth/apps';
import { createOAuthAppSchema } from '@/lib/oauth/schema';
import { fixtureContext, uniqueName } from './factories';

const HOUR_MS = 3_600_000;
const randomHash = () => randomBytes(32).toString('hex');

/** An app made through the service, as an admin registers one: confidential, with one https redirect, by default. */
export function createOAuthApp(input: Partial<z.input<typeof createOAuthAppSchema>> = {}) {
  return apps.createOAuthApp(
    fixtureContext(),
    createOAuthAppSchema.parse({
      name: uniqueName('Calendar sync'),
      confidential: true,
      redirect_uris: ['https://calendar.example.com/oauth/callback'],
      scopes: ['tickets:read', 'tickets:write'],
      ...input,
    }),
  );
}

type CodeOptions = { scopes?: string[]; used?: boolean; createdAt?: Date };

/** An authorization code as consent leaves it (only its hash is kept; nothing here needs the code itself). */
export async function issueOAuthCode(appId: number, agentId: number, { scopes = ['tickets:read'], used = false, createdAt }: CodeOptions = {}) {
  const [code] = await getDb()
    .insert(oauthCodes)
    .values({
      codeHash: randomHash(),
      appId,
      agentId,
      redirectUri: 'https://calendar.example.com/oauth/callback',
      codeChallenge: randomBytes(32).toString('base64url'),
      scopes,
      expiresAt: new Date(Date.now() + 60_000),
      usedAt: used ? new Date() : null,
      ...(createdAt ? { createdAt } : {}),
    })
    .returning();
  return code!;
}

type TokenOptions = {
  scopes?: string[];
  createdAt?: Date;
  accessExpiresAt?: Date;
  refreshExpiresAt?: Date | null;
  revokedAt?: Date | null;
  lastUsedAt?: Date | null;
};

/**
 * What the token endpoint leaves after an agent's consent: a used code and the token row issued
 * for it, written directly (the protocol that issues them is tested on its own). Live by default:
 * an access token for an hour, a refresh token for 30 days.
 */
export async function grantOAuthApp(appId: number, agentId: number, options: TokenOptions = {}) {
  const scopes = options.scopes ?? ['tickets:read'];
  // The consent (the code) is as old as the token: a grant is dated by its consent.
  const code = await issueOAuthCode(appId, agentId, { scopes, used: true, createdAt: options.createdAt });
  const [token] = await getDb()
    .insert(oauthTokens)
    .values({
      appId,
      agentId,
      codeId: code.id,
      accessHash: randomHash(),
      accessExpiresAt: options.accessExpiresAt ?? new Date(Date.now() + HOUR_MS),
      refreshHash: randomHash(),
      refreshExpiresAt: options.refreshExpiresAt === undefined ? new Date(Date.now() + 30 * 24 * HOUR_MS) : options.refreshExpiresAt,
      scopes,
      revokedAt: options.revokedAt ?? null,
      lastUsedAt: options.lastUsedAt ?? null,
      createdAt: options.createdAt ?? new Date(),
    })
    .returning();
  return token!;
}
