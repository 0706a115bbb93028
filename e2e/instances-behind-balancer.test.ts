import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { appEnv, makeDataDir, startApp, stopApp, type RunningApp } from '@/lib/test/app-process';
import { SERVED_BY_HEADER, startHaproxy, type Balancer } from '@/lib/test/haproxy';
import { sharedDatabase, type SharedDatabase } from '@/lib/test/shared-database';
import { eventually, startReceiver, type Receiver } from '@/lib/test/webhook-receiver';
import { runWriteLoad, warmUp, type Answer as LoadAnswer, type Upload, type WriteLoad } from '@/lib/test/write-load';
import { DELIVERY_QUEUE } from '@/lib/jobs/queue';

/**
 * Two app instances behind HAProxy, as an operator scales Loopdesk out: one database, attachments
 * in it (LOOPDESK_STORAGE=postgres), both instances delivering webhooks. Under write load through
 * the balancer nothing fails, every file reads back byte for byte from either instance, a key's
 * rate limit holds exactly, and each event reaches the webhook once. On TEST_DATABASE_URL's server
 * when set (as in CI), else on an embedded server of the test's own.
 */
const CLIENTS = 8;
const LOAD_SECONDS = 12;
const RATE_LIMIT = 30;
const PORTS = { a: 3121, b: 3122, balancer: 3123, embeddedDb: 54367, unusedDb: 54368 };

const dataDir = makeDataDir();
let database: SharedDatabase | undefined;
let sql: postgres.Sql | undefined;
let balancer: Balancer | undefined;
let receiver: Receiver | undefined;
const apps: RunningApp[] = [];
const balancerUrl = `http://127.0.0.1:${PORTS.balancer}`;

// What the one run of the load left for the tests below to check.
let first: RunningApp;
let second: RunningApp;
let adminKey: string;
let loadKey: string;
let load: WriteLoad;
let limited: Answer[];
let lastEventBefore: number;
const figures: string[] = [];

afterAll(async () => {
  console.log(`instances behind haproxy:\n  ${figures.join('\n  ')}`);
  await balancer?.stop();
  for (const app of apps) await stopApp(app);
  await receiver?.close();
  await sql?.end();
  await database?.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

type Answer = { status: number; servedBy: string | null; headers: Headers; body: { success: boolean; data: Record<string, unknown> } };

async function call(base: string, key: string, method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(`${base}/api/v1${url}`, {
    method,
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, servedBy: res.headers.get(SERVED_BY_HEADER), headers: res.headers, body: (await res.json()) as Answer['body'] };
}

/** `count` requests spending one key's budget, `concurrency` at a time. */
async function spendBudget(base: string, key: string, count: number, concurrency: number): Promise<Answer[]> {
  const answers: Answer[] = [];
  let sent = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (sent++ < count) answers.push(await call(base, key, 'GET', '/tickets?per_page=1'));
    }),
  );
  return answers;
}

function latencies(answers: LoadAnswer[]): string {
  const ms = answers.map((a) => a.ms).sort((x, y) => x - y);
  const at = (q: number) => Math.round(ms[Math.max(0, Math.ceil(q * ms.length) - 1)] ?? NaN);
  return `p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${at(1)} ms`;
}

function count<T>(items: T[], by: (item: T) => string | null): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[String(by(item))] = (counts[String(by(item))] ?? 0) + 1;
  return counts;
}

const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

beforeAll(async () => {
  const started = performance.now();
  database = await sharedDatabase(dataDir, `loopdesk_balancer_${process.pid}`, PORTS.embeddedDb);
  sql = postgres(database.url, { max: 2, onnotice: () => {} });

  // As the README asks of instances behind a balancer: one AUTH_SECRET (it also keys the webhook secrets' encryption).
  const authSecret = randomBytes(32).toString('base64url');
  const env = (port: number, dir: string): NodeJS.ProcessEnv => ({
    ...appEnv(path.join(dataDir, dir), port, PORTS.unusedDb),
    DATABASE_URL: database!.url,
    AUTH_SECRET: authSecret,
    LOOPDESK_STORAGE: 'postgres',
    LOOPDESK_TRUST_PROXY: 'true',
    LOOPDESK_PUBLIC_URL: balancerUrl,
    LOOPDESK_WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
  });
  first = await startApp(env(PORTS.a, 'a'));
  apps.push(first);
  adminKey = await eventually(() => /API key: {2}(ld_live_\S+)\n/.exec(first.output())?.[1], 10_000);
  second = await startApp(env(PORTS.b, 'b'));
  apps.push(second);
  balancer = await startHaproxy(dataDir, PORTS.balancer, { a: PORTS.a, b: PORTS.b });
  receiver = await startReceiver();
  figures.push(`set-up (database, two instances, haproxy): ${seconds(started)}`);

  loadKey = await newKey({ permission: 'write', rate_limit: 10_000_000 });
  const limitedKey = await newKey({ permission: 'read', rate_limit: RATE_LIMIT });
  for (const app of [first, second]) {
    const warm = await warmUp(app.url, loadKey);
    expect(warm.answers.filter((a) => !a.ok).map((a) => a.problem)).toEqual([]);
  }
  [{ max: lastEventBefore }] = await sql<[{ max: number }]>`select coalesce(max(id), 0)::int as max from events`;
  const hook = await call(balancerUrl, adminKey, 'POST', '/webhooks', { url: receiver.url(), events: ['ticket.created', 'ticket.updated'] });
  expect(hook.status).toBe(201);

  // The load, and meanwhile a read key spending its budget through the balancer, 6 requests at a time.
  const loadStarted = performance.now();
  [load, limited] = await Promise.all([
    runWriteLoad(balancerUrl, loadKey, { clients: CLIENTS, seconds: LOAD_SECONDS }),
    spendBudget(balancerUrl, limitedKey, 2 * RATE_LIMIT, 6),
  ]);
  const rate = load.answers.length / ((performance.now() - loadStarted) / 1000);
  figures.push(`load: ${CLIENTS} clients for ${seconds(loadStarted)}, ${load.answers.length} requests (${rate.toFixed(0)}/s), ${latencies(load.answers)}`);
  figures.push(`  by kind ${JSON.stringify(count(load.answers, (a) => a.op))}, by instance ${JSON.stringify(count(load.answers, (a) => a.servedBy))}`);
});

async function newKey(body: object): Promise<string> {
  const created = await call(balancerUrl, adminKey, 'POST', '/api-keys', { name: 'balanced', ...body });
  expect(created.status).toBe(201);
  return created.body.data.key as string;
}

it('answers every request of the write load with its success status, through both instances in turn', () => {
  expect(load.answers.filter((a) => !a.ok).map((a) => a.problem)).toEqual([]);
  expect(Object.keys(count(load.answers, (a) => a.servedBy)).sort()).toEqual(['a', 'b']);
  // Round robin alternates over all the balancer's traffic (the rate-limit requests ran alongside).
  const all = [...load.answers, ...limited];
  for (const share of Object.values(count(all, (a) => a.servedBy))) expect(share).toBeGreaterThan(all.length / 3);
});

it('reads every uploaded file back byte for byte from each instance directly', async () => {
  const started = performance.now();
  expect(load.uploads.length).toBeGreaterThan(0);
  const unreadable: string[] = [];
  const queue: [Upload, RunningApp][] = load.uploads.flatMap(
    (u) =>
      [
        [u, first],
        [u, second],
      ] as [Upload, RunningApp][],
  );
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const [upload, app] = next;
        const { origin, pathname } = new URL(upload.url);
        if (origin !== balancerUrl || pathname !== `/api/v1/files/${upload.id}/download`) unreadable.push(`attachment ${upload.id}: url ${upload.url}`);
        const res = await fetch(`${app.url}${pathname}`, { headers: { Authorization: `Bearer ${loadKey}` } });
        const bytes = Buffer.from(await res.arrayBuffer());
        if (res.status !== 200 || !bytes.equals(upload.bytes))
          unreadable.push(`attachment ${upload.id} from ${app.url}: ${res.status}, ${bytes.length} of ${upload.bytes.length} bytes`);
      }
    }),
  );
  expect(unreadable).toEqual([]);
  figures.push(`${load.uploads.length} files read back from both instances in ${seconds(started)}`);
});

it('admits exactly rate_limit requests of a key across both instances, then answers 429', () => {
  expect(count(limited, (a) => String(a.status))).toEqual({ 200: RATE_LIMIT, 429: RATE_LIMIT });
  // One counter: every remaining count handed out once, though the requests raced through two instances.
  const remaining = limited.filter((a) => a.status === 200).map((a) => Number(a.headers.get('x-ratelimit-remaining')));
  expect(remaining.sort((x, y) => x - y)).toEqual(Array.from({ length: RATE_LIMIT }, (_, i) => i));
  expect(limited.filter((a) => a.status === 429).every((a) => a.body.success === false && a.headers.get('retry-after'))).toBe(true);
  expect(Object.keys(count(limited, (a) => a.servedBy)).sort()).toEqual(['a', 'b']);
  figures.push(`rate limit ${RATE_LIMIT}: ${JSON.stringify(count(limited, (a) => `${a.status} from ${a.servedBy}`))}`);
});

it('delivers each ticket.created and ticket.updated event to the webhook exactly once', async () => {
  // Once every delivery is settled and no delivery job is left, nothing more can be sent.
  const started = performance.now();
  let backlog = {};
  await eventually(async () => {
    const deliveries = await sql!<{ status: string; n: number }[]>`select status, count(*)::int as n from webhook_deliveries group by status`;
    const jobs = await sql!<{ state: string; n: number }[]>`select state, count(*)::int as n from pgboss.job where name = ${DELIVERY_QUEUE} group by state`;
    backlog = { deliveries, jobs };
    return deliveries.every((d) => d.status === 'succeeded') && jobs.every((j) => !['created', 'retry', 'active'].includes(j.state));
  }, 60_000).catch((error: Error) => {
    throw new Error(`${error.message}: ${JSON.stringify(backlog)}`, { cause: error });
  });
  // Every acknowledged write made its one event: a ticket.created per ticket, a ticket.updated per reply or upload.
  const events = await sql!<{ id: number; type: string }[]>`
    select id::int, type from events where id > ${lastEventBefore} and type in ('ticket.created', 'ticket.updated') order by id`;
  expect(count(events, (e) => e.type)).toEqual({ 'ticket.created': load.ticketsCreated, 'ticket.updated': load.ticketsUpdated });

  const arrivals = receiver!.received.map((r) => {
    const body = JSON.parse(r.body) as { id: number; event: string };
    return {
      eventId: body.id,
      event: body.event,
      header: r.headers['x-loopdesk-event'],
      delivery: r.headers['x-loopdesk-delivery'],
      webhookId: r.headers['webhook-id'],
    };
  });
  expect(Object.entries(count(arrivals, (a) => String(a.eventId))).filter(([, times]) => times !== 1)).toEqual([]);
  expect(arrivals.map((a) => a.eventId).sort((x, y) => x - y)).toEqual(events.map((e) => e.id));
  expect(new Set(arrivals.map((a) => a.delivery)).size).toBe(arrivals.length);
  expect(arrivals.filter((a) => a.webhookId !== a.delivery || a.header !== a.event)).toEqual([]);
  figures.push(`${arrivals.length} webhook deliveries, each once; settled ${seconds(started)} after the file checks`);
});

it('takes the client address the balancer appended to X-Forwarded-For, not the one the client claims', async () => {
  const ownAddressKey = await newKey({ permission: 'read', ip_whitelist: ['127.0.0.1'] });
  const claimedAddressKey = await newKey({ permission: 'read', ip_whitelist: ['203.0.113.9'] });
  const claim = { 'X-Forwarded-For': '203.0.113.9' };
  // Two requests in a row per key: round robin sends one to each instance.
  const answersFor = async (key: string) => {
    const answers = [];
    for (let i = 0; i < 2; i++) answers.push(await call(balancerUrl, key, 'GET', '/tickets?per_page=1', undefined, claim));
    return answers.map((a) => `${a.status} from ${a.servedBy}`).sort();
  };
  expect(await answersFor(ownAddressKey)).toEqual(['200 from a', '200 from b']);
  expect(await answersFor(claimedAddressKey)).toEqual(['403 from a', '403 from b']);
});
