import 'server-only';
import { desc, eq, getTableColumns, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { webhooks, type Webhook } from '@/db/schema';
import type { ServiceContext } from '@/lib/context';
import { NotFoundError } from '@/lib/errors';
import { changeOf, recordEvents, resourceEvent } from '@/lib/events';
import { decryptSecret } from '@/lib/security/secrets';
import type { CreateWebhookInput, ListWebhooksQuery, UpdateWebhookInput } from './schema';
import { toWebhookAuditJson, toWebhookJson, withSecret } from './serialize';
import { generateSecret } from './signature';
import { checkWebhookUrl } from './ssrf';

/** A webhook's columns but its secrets: what its events record, readable even when a secret is not. */
const { secret: _secret, previousSecret: _previous, ...auditColumns } = getTableColumns(webhooks);

/** How long the replaced secret keeps signing after rotate-secret, so receivers can switch without a gap. */
const ROTATION_OVERLAP = sql`interval '24 hours'`;

/** Creates a webhook; the secret (generated when not given) is in this answer and rotate-secret's only. */
export async function createWebhook(ctx: ServiceContext, input: CreateWebhookInput) {
  await checkWebhookUrl(input.url);
  return ctx.db.transaction(async (tx) => {
    const [webhook] = await tx
      .insert(webhooks)
      .values({
        url: input.url,
        events: input.events,
        secret: input.secret ?? generateSecret(),
        active: input.active,
        description: input.description ?? null,
      })
      .returning();
    await recordEvents({ ...ctx, db: tx }, [resourceEvent('webhook.created', webhook!.id, { webhook: toWebhookAuditJson(webhook!) })]);
    return withSecret(webhook!);
  });
}

/** GET /webhooks: newest first, paginated. */
export async function listWebhooks(ctx: ServiceContext, q: ListWebhooksQuery) {
  const [rows, total] = await Promise.all([
    ctx.db
      .select()
      .from(webhooks)
      .orderBy(desc(webhooks.id))
      .limit(q.per_page)
      .offset((q.page - 1) * q.per_page),
    ctx.db.$count(webhooks),
  ]);
  return { items: rows.map(toWebhookJson), total };
}

export async function getWebhookOrThrow(db: Db, id: number): Promise<Webhook> {
  const [webhook] = await db.select().from(webhooks).where(eq(webhooks.id, id));
  if (!webhook) throw new NotFoundError('Webhook');
  return webhook;
}

export async function getWebhook(ctx: ServiceContext, id: number) {
  return toWebhookJson(await getWebhookOrThrow(ctx.db, id));
}

/**
 * Changes the given fields. A new URL is checked again (DNS outside any transaction: each write
 * here is one statement). Re-activating clears `disabled_reason`; a new `secret` replaces the
 * current one at once and ends any rotation overlap (rotate-secret is the way with an overlap).
 */
export async function updateWebhook(ctx: ServiceContext, id: number, input: UpdateWebhookInput) {
  // Only whether it exists: a secret unreadable after a key change must not stop setting a new one.
  const [found] = await ctx.db.select({ id: webhooks.id }).from(webhooks).where(eq(webhooks.id, id));
  if (!found) throw new NotFoundError('Webhook');
  if (input.url !== undefined) await checkWebhookUrl(input.url);
  const newSecret = input.secret === undefined ? {} : { secret: input.secret, previousSecret: null, previousSecretExpiresAt: null };
  return ctx.db.transaction(async (tx) => {
    const [current] = await tx.select(auditColumns).from(webhooks).where(eq(webhooks.id, id)).for('update');
    if (!current) throw new NotFoundError('Webhook');
    const [webhook] = await tx
      .update(webhooks)
      .set({
        url: input.url,
        events: input.events,
        active: input.active,
        description: input.description,
        ...(input.active === true ? { disabledReason: null, failingSince: null } : {}),
        ...newSecret,
        updatedAt: new Date(),
      })
      .where(eq(webhooks.id, id))
      .returning();
    const after = toWebhookAuditJson(webhook!);
    const change = changeOf(toWebhookAuditJson(current), after);
    // A new secret is recorded as changed, never by its value.
    if (input.secret !== undefined) change.changes.push('secret');
    await recordEvents({ ...ctx, db: tx }, [resourceEvent('webhook.updated', id, { webhook: after, ...change })]);
    return toWebhookJson(webhook!);
  });
}

/** Deletes the webhook and, by the foreign key, its delivery log. */
export async function deleteWebhook(ctx: ServiceContext, id: number): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const [deleted] = await tx.delete(webhooks).where(eq(webhooks.id, id)).returning(auditColumns);
    if (!deleted) throw new NotFoundError('Webhook');
    await recordEvents({ ...ctx, db: tx }, [resourceEvent('webhook.deleted', id, { webhook: toWebhookAuditJson(deleted) })]);
  });
}

/**
 * Issues a new secret, returned this once. The current one becomes the previous secret and keeps
 * signing for 24 hours; rotating again within them drops the oldest. One statement, so two
 * concurrent rotations cannot both keep the same previous secret.
 */
export async function rotateWebhookSecret(ctx: ServiceContext, id: number) {
  return ctx.db.transaction(async (tx) => {
    const [webhook] = await tx
      .update(webhooks)
      .set({
        previousSecret: sql`${webhooks.secret}`,
        previousSecretExpiresAt: sql`now() + ${ROTATION_OVERLAP}`,
        secret: generateSecret(),
        updatedAt: new Date(),
      })
      .where(eq(webhooks.id, id))
      .returning();
    if (!webhook) throw new NotFoundError('Webhook');
    await recordEvents({ ...ctx, db: tx }, [resourceEvent('webhook.secret_rotated', id, { webhook: toWebhookAuditJson(webhook) })]);
    return withSecret(webhook);
  });
}

/**
 * Webhooks stored before secrets were encrypted at rest hold them in plain text: encrypted once,
 * at start (server.ts). Reading works either way meanwhile.
 */
export async function encryptStoredWebhookSecrets(db: Db): Promise<number> {
  const plain = await db.execute<{ id: number; secret: string; previous_secret: string | null }>(
    sql`select id, secret, previous_secret from ${webhooks} where secret not like 'enc:v1:%' or previous_secret not like 'enc:v1:%'`,
  );
  for (const row of plain) {
    const previousSecret = row.previous_secret === null ? null : decryptSecret(row.previous_secret);
    await db
      .update(webhooks)
      .set({ secret: decryptSecret(row.secret), previousSecret })
      .where(eq(webhooks.id, row.id));
  }
  return plain.length;
}
