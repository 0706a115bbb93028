import { createHash } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { idempotencyKeys } from '@/db/schema';
import type { Actor } from '@/lib/context';
import { DomainError, ValidationError, driverMessage } from '@/lib/errors';
import { log } from '@/lib/log';
import { readBodyBytes } from './body';
import { errorToResponse } from './error-response';
import { carriesOneTimeSecret, errorResponse } from './respond';

/**
 * `Idempotency-Key` on POST, as Stripe has it: the first answer to a key is kept for 24 hours and
 * given again, byte for byte, to a retry, which then creates nothing. Keys belong to the caller
 * (an API key, or a signed-in agent), so two clients' keys never meet.
 */

const IDEMPOTENCY_HEADER = 'Idempotency-Key';
const REPLAYED_HEADER = 'Idempotent-Replayed';

/** How long a key's first answer is replayed; older rows are ignored, then deleted by the daily clean-up. */
const KEY_LIFETIME = sql`interval '24 hours'`;
// Printable ASCII (space to tilde), as the header is documented; Stripe's keys are UUIDs or similar.
const KEY_FORMAT = /^[\x20-\x7e]{1,255}$/;

export type IdempotencyContext = { db: Db; req: Request; actor: Actor; requestId: string; bodyLimit: number };

type KeyRow = typeof idempotencyKeys.$inferSelect;
type Earlier = Pick<KeyRow, 'requestHash' | 'status' | 'responseBody'>;
type Claim = { db: Db; scope: string; key: string };

/**
 * Runs `serve` at most once per key and request: a retry gets the stored answer, a request under a
 * key that is still running or was used for another request gets a 409. Called after the caller
 * is admitted and permitted, so 401, 403 and 429 answers never touch a key.
 */
export async function idempotent(ctx: IdempotencyContext, serve: () => Promise<Response>): Promise<Response> {
  const scope = scopeOf(ctx.actor);
  if (ctx.req.method !== 'POST' || scope === null) return serve();
  const key = ctx.req.headers.get(IDEMPOTENCY_HEADER);
  if (key === null) return serve();
  if (!KEY_FORMAT.test(key)) {
    throw new ValidationError([{ field: IDEMPOTENCY_HEADER, message: `${IDEMPOTENCY_HEADER} must be 1 to 255 printable ASCII characters` }]);
  }
  const requestHash = await hashRequest(ctx.req, ctx.bodyLimit);
  const claim = { db: ctx.db, scope, key };
  const earlier = await claimKey(claim, requestHash);
  if (earlier) return answerRetry(earlier, requestHash);
  return serveOnce(claim, ctx.requestId, serve);
}

/** Public routes have no caller to keep keys for, and there a key is ignored. */
function scopeOf(actor: Actor): string | null {
  if (actor.type === 'api_key') return `api_key:${actor.keyId}`;
  if (actor.type === 'agent') return `agent:${actor.agentId}`;
  return null;
}

/**
 * Method, path with query, and the body's exact bytes (a multipart upload's too, boundary included):
 * a retry must send the same request, not one that means the same. Read from a clone, within the
 * route's own body limit, so the handler still reads the body as usual.
 */
async function hashRequest(req: Request, bodyLimit: number): Promise<string> {
  const url = new URL(req.url);
  const body = await readBodyBytes(req.clone(), bodyLimit);
  return createHash('sha256').update(`${req.method} ${url.pathname}${url.search}\n`).update(body).digest('hex');
}

/**
 * Takes the key for this request, or returns the row of the request that holds it. One statement
 * decides, so of concurrent requests exactly one takes the key; an expired row is taken over as if
 * it were absent.
 */
async function claimKey({ db, scope, key }: Claim, requestHash: string): Promise<Earlier | null> {
  // A holder that fails lets go of the key (releaseKey); then the next try takes it.
  for (let attempt = 0; attempt < 3; attempt++) {
    const taken = await db
      .insert(idempotencyKeys)
      .values({ scope, key, requestHash })
      .onConflictDoUpdate({
        target: [idempotencyKeys.scope, idempotencyKeys.key],
        set: { requestHash, status: null, responseBody: null, createdAt: sql`now()` },
        setWhere: sql`${idempotencyKeys.createdAt} < now() - ${KEY_LIFETIME}`,
      })
      .returning({ key: idempotencyKeys.key });
    if (taken.length > 0) return null;
    const [row] = await db
      .select({ requestHash: idempotencyKeys.requestHash, status: idempotencyKeys.status, responseBody: idempotencyKeys.responseBody })
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));
    if (row) return row;
  }
  // Other requests took the key and let go of it three times in a row: one is as good as running.
  return { requestHash, status: null, responseBody: null };
}

function answerRetry(earlier: Earlier, requestHash: string): Response {
  if (earlier.requestHash !== requestHash) {
    return errorResponse(409, 'CONFLICT', `This ${IDEMPOTENCY_HEADER} was used with a different request`);
  }
  if (earlier.status === null) {
    return errorResponse(409, 'CONFLICT', `A request with this ${IDEMPOTENCY_HEADER} is still in progress; retry once it has finished`);
  }
  if (earlier.responseBody === null) {
    return errorResponse(
      409,
      'CONFLICT',
      `The request with this ${IDEMPOTENCY_HEADER} already succeeded; its answer held a secret that is shown only once, so it is not repeated`,
    );
  }
  const headers = new Headers({ [REPLAYED_HEADER]: 'true' });
  // Every stored answer is the reference's JSON envelope, or empty (204).
  if (earlier.responseBody !== '') headers.set('Content-Type', 'application/json');
  return new Response(earlier.responseBody === '' ? null : earlier.responseBody, { status: earlier.status, headers });
}

/**
 * Refusals (who may do what, whether the thing is there) change nothing, and may be answered
 * otherwise once the caller is granted access: keeping them would only leave a record behind a
 * refused request, which lib/test/security/snapshot.ts forbids.
 */
const REFUSALS = new Set([401, 403, 404]);

/**
 * Runs the request and keeps its answer under the key. A 5xx, a refusal, or an error from the
 * database or the code rather than the endpoint's own verdict (the 409 "retry" of a serialization
 * failure) is not an answer to keep: the key is let go so that a retry runs again.
 */
async function serveOnce(claim: Claim, requestId: string, serve: () => Promise<Response>): Promise<Response> {
  let response: Response;
  try {
    response = await serve();
  } catch (error) {
    if (!(error instanceof DomainError)) {
      await releaseKey(claim, requestId);
      throw error;
    }
    response = errorToResponse(error, requestId);
  }
  if (response.status >= 500 || REFUSALS.has(response.status)) {
    await releaseKey(claim, requestId);
    return response;
  }
  const text = await response.text();
  // Should this write fail, the key stays "in progress" until it expires: better than a retry doing the work twice.
  await claim.db
    .update(idempotencyKeys)
    .set({ status: response.status, responseBody: carriesOneTimeSecret(response) ? null : text })
    .where(and(eq(idempotencyKeys.scope, claim.scope), eq(idempotencyKeys.key, claim.key)));
  return new Response(text === '' ? null : text, { status: response.status, statusText: response.statusText, headers: response.headers });
}

/**
 * Lets go of a key whose request failed. If even that fails (the database is down), the key stays
 * "in progress" until it expires, and the request's own error is the one reported.
 */
async function releaseKey({ db, scope, key }: Claim, requestId: string): Promise<void> {
  try {
    await db.delete(idempotencyKeys).where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key), isNull(idempotencyKeys.status)));
  } catch (error) {
    log('error', 'could not release an idempotency key', { requestId, error: driverMessage(error) });
  }
}

/** Deletes keys past their 24 hours, in batches; run by the daily clean-up job (lib/webhooks/worker.ts). */
export async function deleteExpiredIdempotencyKeys(db: Db): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await db.execute(sql`
      delete from ${idempotencyKeys} where (${idempotencyKeys.scope}, ${idempotencyKeys.key}) in (
        select ${idempotencyKeys.scope}, ${idempotencyKeys.key} from ${idempotencyKeys}
        where ${idempotencyKeys.createdAt} < now() - ${KEY_LIFETIME}
        limit 5000)`);
    total += deleted.count;
    if (deleted.count < 5000) return total;
  }
}
