import pg from 'pg';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { Actor } from '@/lib/context';
import { config } from '@/lib/config';
import { log } from '@/lib/log';
import { isoTime } from '@/lib/time';

/**
 * Request budgets. Each is a fixed window: `limit` requests, counted from the budget's first
 * request for `windowSeconds`, after which it starts afresh. The counters live in PostgreSQL
 * (rate-limiter-flexible's store: one prepared, atomic upsert per request, in the table
 * db/schema/rate-limits.ts), so every app instance on the database spends from the same budget.
 */
export type Budget = { key: string; limit: number; windowSeconds: number };

/** What the X-RateLimit-* headers say after a request was counted. */
export type BudgetState = { limit: number; remaining: number; resetAt: number; allowed: boolean; retryAfter: number };

const IP_WINDOW_SECONDS = 60;
/** A request with wrong or missing credentials costs its address this much: guessing keys is slowed twice as fast. */
export const FAILED_AUTH_COST = 2;

/** The budget an authenticated caller spends from. */
export function budgetFor(actor: Exclude<Actor, { type: 'system' }>, keyRateLimit: number | null): Budget {
  const cfg = config();
  const windowSeconds = cfg.LOOPDESK_RATE_LIMIT_WINDOW_SECONDS;
  if (actor.type === 'api_key') return { key: `key:${actor.keyId}`, limit: keyRateLimit ?? cfg.LOOPDESK_DEFAULT_RATE_LIMIT, windowSeconds };
  // An app's tokens for one agent share an hourly budget of their own, apart from the agent's browser.
  if (actor.app) return { key: `oauth:${actor.app.id}:${actor.agentId}`, limit: cfg.LOOPDESK_OAUTH_RATE_LIMIT, windowSeconds: 3600 };
  return { key: `agent:${actor.agentId}`, limit: cfg.LOOPDESK_SESSION_RATE_LIMIT, windowSeconds };
}

/** The budget of a client address that has not (or not successfully) authenticated. */
export function ipBudget(ip: string): Budget {
  return { key: `ip:${ip}`, limit: config().LOOPDESK_IP_RATE_LIMIT, windowSeconds: IP_WINDOW_SECONDS };
}

// One limiter per (limit, window): the library fixes both per instance. All share one key space,
// so a key whose rate_limit changes keeps what it has spent in the current window. They share a
// small pool of their own: the library speaks node-postgres, and its statements are prepared there.
type Limiters = { pool: pg.Pool; byShape: Map<string, RateLimiterPostgres> };
const holder = globalThis as typeof globalThis & { loopdeskLimiters?: Limiters };

function limiterFor(limit: number, windowSeconds: number): RateLimiterPostgres {
  if (!holder.loopdeskLimiters) {
    // Like the app's pool: a counter that cannot connect within 5 s falls back to memory rather than hold the request.
    const pool = new pg.Pool({ connectionString: config().DATABASE_URL, max: 4, connectionTimeoutMillis: 5_000 });
    // A connection dropped while idle (database restart) is replaced on the next request; without a listener it would end the process.
    pool.on('error', (error) => log('warn', 'rate limit pool connection lost', { error: error.message }));
    holder.loopdeskLimiters = { pool, byShape: new Map() };
  }
  const { pool, byShape } = holder.loopdeskLimiters;
  const shape = `${limit}/${windowSeconds}`;
  let limiter = byShape.get(shape);
  if (!limiter) {
    limiter = new RateLimiterPostgres({
      storeClient: pool,
      tableName: 'rate_limits',
      tableCreated: true,
      clearExpiredByTimeout: true,
      points: limit,
      duration: windowSeconds,
      keyPrefix: 'rl',
      // If the database cannot count, each instance counts in its own memory rather than refusing
      // or waving through every request; the API itself needs the database, so this is brief.
      insuranceLimiter: new RateLimiterMemory({ points: limit, duration: windowSeconds, keyPrefix: 'rl' }),
    });
    byShape.set(shape, limiter);
  }
  return limiter;
}

/** Ends the limiter's pool (tests and shutdown). */
export async function closeRateLimiter(): Promise<void> {
  const limiters = holder.loopdeskLimiters;
  holder.loopdeskLimiters = undefined;
  await limiters?.pool.end();
}

/**
 * Counts `cost` requests against the budget and says whether this one may proceed; null when
 * LOOPDESK_RATE_LIMITS is off, unless `always` (sign-in throttling, which no gateway can do for us).
 */
export async function spend(budget: Budget, cost = 1, always = false): Promise<BudgetState | null> {
  if (config().LOOPDESK_RATE_LIMITS === 'off' && !always) return null;
  return new Promise((resolve, reject) => {
    const id = `${budget.limit}/${budget.windowSeconds}:${budget.key}`;
    const batch = batches.get(id) ?? { budget, waiting: [], inFlight: false };
    batches.set(id, batch);
    batch.waiting.push({ cost, resolve, reject });
    if (!batch.inFlight) void flush(id, batch);
  });
}

type Waiter = { cost: number; resolve: (state: BudgetState) => void; reject: (error: unknown) => void };
type Batch = { budget: Budget; waiting: Waiter[]; inFlight: boolean };

/**
 * Requests of one budget that arrive while its counter is being written wait for that write and
 * are then counted together in one upsert. Every request of a busy key updated the same row, one
 * at a time; now a burst of N costs about two round trips, however large N. Exactness holds: the
 * batch takes the positions after the count before it, and a request is allowed when its own
 * position is within the limit, as if each had been counted alone, in arrival order.
 */
async function flush(id: string, batch: Batch): Promise<void> {
  const waiting = batch.waiting;
  batch.waiting = [];
  batch.inFlight = true;
  try {
    const total = waiting.reduce((sum, w) => sum + w.cost, 0);
    const res = await consume(batch.budget, total);
    const msLeft = Math.max(res.msBeforeNext, 0);
    let position = res.consumedPoints - total;
    for (const waiter of waiting) {
      position += waiter.cost;
      waiter.resolve(budgetState(batch.budget.limit, position, msLeft));
    }
  } catch (error) {
    for (const waiter of waiting) waiter.reject(error);
  } finally {
    batch.inFlight = false;
    if (batch.waiting.length > 0) void flush(id, batch);
    else batches.delete(id);
  }
}

const batches = new Map<string, Batch>();

/** The counter after `points` more; a refusal is an answer here, not an error. */
async function consume(budget: Budget, points: number): Promise<RateLimiterRes> {
  try {
    return await limiterFor(budget.limit, budget.windowSeconds).consume(budget.key, points);
  } catch (error) {
    if (error instanceof RateLimiterRes) return error;
    log('error', 'rate limit store failed', { error: String(error) });
    throw error;
  }
}

function budgetState(limit: number, position: number, msLeft: number): BudgetState {
  return {
    limit,
    remaining: Math.max(limit - position, 0),
    resetAt: Math.ceil((Date.now() + msLeft) / 1000),
    allowed: position <= limit,
    retryAfter: Math.max(1, Math.ceil(msLeft / 1000)),
  };
}

// Addresses whose failed-credentials budget is spent, until their window ends. Kept per instance
// (the count itself is shared): while locked, an address's credentials are not even checked, so
// key guessing stops, valid keys from that address included.
const locked = new Map<string, BudgetState>();

export function lockAddress(ip: string, state: BudgetState | null): BudgetState | null {
  if (!state || state.allowed) return state;
  if (locked.size >= 10_000) {
    const now = Math.floor(Date.now() / 1000);
    for (const [address, entry] of locked) if (entry.resetAt <= now) locked.delete(address);
  }
  locked.set(ip, state);
  return state;
}

export function addressLockedUntil(ip: string): BudgetState | null {
  const state = locked.get(ip);
  if (!state) return null;
  const retryAfter = state.resetAt - Math.floor(Date.now() / 1000);
  if (retryAfter > 0) return { ...state, remaining: 0, retryAfter };
  locked.delete(ip);
  return null;
}

/** The reference's rate-limit headers, on every response. */
export function setRateLimitHeaders(headers: Headers, state: BudgetState): void {
  headers.set('X-RateLimit-Limit', String(state.limit));
  headers.set('X-RateLimit-Remaining', String(state.remaining));
  headers.set('X-RateLimit-Reset', String(state.resetAt));
}

/** 429 in the error envelope, with `retry_after` as the reference's fragment shows it. */
export function rateLimitedResponse(state: BudgetState): Response {
  const error = {
    code: 'RATE_LIMIT_EXCEEDED',
    message: `Rate limit of ${state.limit} requests exceeded; try again in ${state.retryAfter} seconds`,
    retry_after: state.retryAfter,
  };
  const response = Response.json({ success: false, error, timestamp: isoTime(new Date()) }, { status: 429 });
  response.headers.set('Retry-After', String(state.retryAfter));
  setRateLimitHeaders(response.headers, state);
  return response;
}
