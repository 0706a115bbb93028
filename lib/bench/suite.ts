import { fork, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { eq, sql } from 'drizzle-orm';
import { closeDb, getDb, type Db } from '@/db/client';
import { webhookDeliveries, webhooks } from '@/db/schema';
import { checkApiKey, createApiKey, revokeApiKey } from '@/lib/api-keys/service';
import { systemContext, type Actor } from '@/lib/context';
import { loadSeedRun } from '@/lib/seed/run';
import { compileServer, startApp, stopApp, type RunningApp } from '@/lib/test/app-process';
import { createWebhookSchema } from '@/lib/webhooks/schema';
import { createWebhook, deleteWebhook } from '@/lib/webhooks/service';
import { benchCases, pickFixtures, RSS_BUDGET_MB, selectedCases, THROUGHPUT_RATIO_BUDGET, type BenchCase } from './cases';
import { closeBenchDatabase, openBenchDatabase } from './database';
import { explainProbes, printExplain } from './explain';
import { cpuDuring, treeRssMb } from './proc';

/**
 * `npm run bench` (after `npm run bench:seed`): the production build and the bare baseline
 * (bare.ts) on the seeded desk, loaded alternately with autocannon, case by case (cases.ts), at
 * one and at twenty connections, each window after a warm-up and with the database idle; then the
 * webhook, rate-limit and inbox benchmarks. Prints one table, writes it to bench/results/, and
 * exits 1 when a budget is missed. BENCH_DURATION_SECONDS (10), BENCH_ROUNDS (2),
 * BENCH_WARMUP_SECONDS (3), BENCH_CASES (names containing any of these comma-separated words),
 * BENCH_OTHERS (webhooks,rate-limit,events,inbox; empty for none), BENCH_BUDGET_FACTOR (1: scales
 * every latency budget, so 0.001 shows what a miss looks like).
 */
const setting = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!(value >= 0)) throw new Error(`${name} must be a number`);
  return value;
};
const DURATION = setting('BENCH_DURATION_SECONDS', 10);
const ROUNDS = setting('BENCH_ROUNDS', 2);
const WARMUP = setting('BENCH_WARMUP_SECONDS', 3);
const BUDGET_FACTOR = setting('BENCH_BUDGET_FACTOR', 1);
const OTHERS = (process.env.BENCH_OTHERS ?? 'webhooks,rate-limit,events,inbox').split(',').filter(Boolean);
const CONNECTIONS = [1, 20] as const;
const BENCH_WEBHOOK = 'npm run bench receiver';

type Server = 'app' | 'bare';
type Window = { latencies: number[]; seconds: number; failures: number; cpuMs?: number | null };
type Measure = { reqPerSec: number; p50: number; p95: number; p99: number; failures: number; cpuPerRequest: number | null };
type Row = { case: string; connections: number; app: Measure; bare: Measure; ratio: number; appRssMb: number | null; budget: string; missed: string[] };

const environment = { ...process.env };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One autocannon window; latencies of 2xx answers only, anything else is a failure. */
function load(baseUrl: string, kase: BenchCase, connections: number, seconds: number, key: string): Promise<Window> {
  const requests = kase.endpoints.map((e) => ({ method: e.method, path: e.path, ...(e.body ? { body: e.body } : {}) }));
  let client = 0;
  const latencies: number[] = [];
  let failures = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: baseUrl,
        connections,
        duration: seconds,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        requests,
        // Each connection starts its rotation elsewhere, so no two reply to the same ticket in step.
        setupClient: (c) => {
          const at = (client++ * 7) % requests.length;
          c.setRequests([...requests.slice(at), ...requests.slice(0, at)]);
        },
      },
      (error, result) => (error ? reject(error) : resolve({ latencies, seconds, failures: failures + result.errors + result.timeouts })),
    );
    instance.on('response', (_c, status, _bytes, ms) => (status >= 200 && status < 300 ? latencies.push(ms) : failures++));
  });
}

function summarize(windows: Window[]): Measure {
  const sorted = Float64Array.from(windows.flatMap((w) => w.latencies)).sort();
  const at = (q: number) => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? NaN;
  const seconds = windows.reduce((s, w) => s + w.seconds, 0);
  const failures = windows.reduce((s, w) => s + w.failures, 0);
  // The server's own CPU per request: steadier than req/s on a shared machine, and what a leaner path lowers.
  const cpu = windows.every((w) => typeof w.cpuMs === 'number') ? windows.reduce((s, w) => s + w.cpuMs!, 0) : null;
  const cpuPerRequest = cpu === null || sorted.length === 0 ? null : cpu / (sorted.length + failures);
  return { reqPerSec: sorted.length / seconds, p50: at(0.5), p95: at(0.95), p99: at(0.99), failures, cpuPerRequest };
}

/**
 * Until no other statement runs in the bench database for 300 ms and no webhook delivery is due (a
 * minute at most): the deliveries a window's writes fanned out to go out before the next window, not
 * during it, where they would count against whichever server it measures.
 */
async function waitForIdle(db: Db) {
  const until = Date.now() + 60_000;
  for (let quiet = 0; quiet < 3 && Date.now() < until; await sleep(100)) {
    const [row] = await db.execute<{ busy: boolean }>(sql`
      select exists (select 1 from pg_stat_activity where datname = current_database() and state = 'active' and pid <> pg_backend_pid())
          or exists (select 1 from ${webhookDeliveries} where status in ('pending', 'retrying') and next_attempt_at <= now()) as busy`);
    quiet = row?.busy === false ? quiet + 1 : 0;
  }
}

/** The webhook's endpoint (hook-receiver.ts): its URL, and `close`, which answers how many deliveries it received. */
async function startHookReceiver() {
  const child = fork('lib/bench/hook-receiver.ts', [], { execArgv: ['--import', 'tsx'] });
  const next = () =>
    new Promise<Record<string, number>>((resolve, reject) => {
      child.once('message', (message) => resolve(message as Record<string, number>));
      child.once('exit', (code) => reject(new Error(`the webhook receiver exited with ${code}`)));
    });
  const { port } = await next();
  return {
    url: `http://127.0.0.1:${port}/hook`,
    async close(): Promise<number> {
      if (!child.connected) return 0;
      const answer = next();
      child.send('count');
      const { received = 0 } = await answer;
      child.disconnect();
      return received;
    },
  };
}

async function freePort(): Promise<number> {
  const server = http.createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function startBare(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  // Profiled beside the app with BENCH_PROFILE_DIR, so the two profiles can be set side by side.
  const profile = process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_PROFILE_DIR] : [];
  const child = spawn(process.execPath, [...profile, '--conditions=react-server', '--import', 'tsx', 'lib/bench/bare.ts'], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('bare server listening') && resolve());
    child.once('exit', (code) => reject(new Error(`bare server exited with ${code}`)));
  });
  return child;
}

/** The cases whose GET answers from the bare server are not byte for byte the app's: the baseline has drifted. */
async function differingAnswers(targets: Record<Server, string>, cases: BenchCase[], key: string): Promise<string[]> {
  const body = async (base: string, p: string) => (await fetch(base + p, { headers: { authorization: `Bearer ${key}` } })).text();
  const differing: string[] = [];
  for (const kase of cases) {
    const endpoint = kase.endpoints[0]!;
    if (endpoint.method !== 'GET') continue;
    const [app, bare] = await Promise.all([body(targets.app, endpoint.path), body(targets.bare, endpoint.path)]);
    if (app !== bare) differing.push(kase.name);
  }
  return differing;
}

/** Whether code the build serves changed after `.next` was built: the app measured would not be the code the bare server runs. */
function buildIsStale(): boolean {
  const built = fs.statSync('.next/BUILD_ID', { throwIfNoEntry: false })?.mtimeMs;
  if (built === undefined) return false; // server.ts builds it now
  const changed = (dir: string): boolean =>
    fs.readdirSync(dir, { withFileTypes: true }).some((entry) => {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) return !['bench', 'test'].includes(entry.name) && changed(file);
      return !entry.name.includes('.test.') && fs.statSync(file).mtimeMs > built;
    });
  return ['app', 'components', 'db', 'lib'].some(changed);
}

const stopBare = (child: ChildProcess) =>
  child.exitCode !== null ? Promise.resolve() : new Promise<void>((resolve) => child.once('exit', () => resolve()).kill('SIGTERM'));

function verdicts(kase: BenchCase, connections: number, app: Measure, bare: Measure, ratio: number) {
  const missed: string[] = [];
  if (app.failures + bare.failures > 0) missed.push(`${app.failures} app / ${bare.failures} bare failed requests`);
  if (connections === 1) {
    const budget = kase.p95BudgetMs * BUDGET_FACTOR;
    if (!(app.p95 <= budget)) missed.push(`p95 ${app.p95.toFixed(1)} ms > ${budget} ms`);
    return { budget: `p95 ≤ ${budget} ms`, missed };
  }
  if (!(ratio >= THROUGHPUT_RATIO_BUDGET)) missed.push(`ratio ${ratio.toFixed(2)} < ${THROUGHPUT_RATIO_BUDGET}`);
  return { budget: `ratio ≥ ${THROUGHPUT_RATIO_BUDGET}`, missed };
}

function printTable(rows: Row[]) {
  const ms = (n: number) => (Number.isNaN(n) ? '-' : n < 10 ? n.toFixed(2) : n.toFixed(1));
  const cpu = (m: Measure) => (m.cpuPerRequest === null ? '-' : m.cpuPerRequest.toFixed(2));
  const header = ['case', 'conns', 'app req/s', 'p50', 'p95', 'p99', 'CPU', 'bare req/s', 'p50', 'p95', 'p99', 'CPU', 'ratio', 'app RSS', 'budget', ''];
  const lines = rows.map((r) => [
    r.case,
    String(r.connections),
    r.app.reqPerSec.toFixed(0),
    ms(r.app.p50),
    ms(r.app.p95),
    ms(r.app.p99),
    cpu(r.app),
    r.bare.reqPerSec.toFixed(0),
    ms(r.bare.p50),
    ms(r.bare.p95),
    ms(r.bare.p99),
    cpu(r.bare),
    r.ratio.toFixed(2),
    r.appRssMb === null ? '-' : `${r.appRssMb.toFixed(0)} MB`,
    r.budget,
    r.missed.length ? `MISSED: ${r.missed.join('; ')}` : 'ok',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const left = new Set([0, 14, 15]);
  const render = (cells: string[]) =>
    cells
      .map((c, i) => (left.has(i) ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  console.log(`\n${render(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const line of lines) console.log(render(line));
}

/**
 * The write cases add thousands of alike tickets, the newest of the desk, at the top of every list
 * and search (a search for a word they lack then walks past all of them): they go before each round,
 * and a vacuum sets the visibility map their writes cleared, so every round measures the seeded desk.
 */
async function resetDesk(db: Db, seeded: Awaited<ReturnType<typeof loadSeedRun>>) {
  if (!seeded) return;
  await db.execute(sql`delete from tickets where id > ${seeded.ticketBase + seeded.tickets}`);
  await db.execute(sql`vacuum (analyze) tickets, ticket_search, replies`);
}

async function main() {
  const startedAt = new Date();
  process.env.AUTH_SECRET ??= randomBytes(32).toString('base64url');
  process.env.LOOPDESK_WEBHOOK_ALLOWED_HOSTS = '127.0.0.1';
  const url = await openBenchDatabase();
  process.env.DATABASE_URL = url;
  const db = getDb();
  const seeded = await loadSeedRun(db);
  await resetDesk(db, seeded);
  const [{ tickets } = { tickets: 0 }] = await db.execute<{ tickets: number }>(sql`select count(*)::int as tickets from tickets`);
  const fixtures = await pickFixtures(db);
  const cases = selectedCases(benchCases(fixtures));
  const system = systemContext(db, 'bench');
  const key = await createApiKey(system, { name: 'npm run bench', permission: 'admin', rate_limit: 10_000_000 });
  const actor: Actor = { type: 'api_key', keyId: key.id, agentId: null, permission: 'admin' };

  // Deliveries happen during the run, to a receiver that answers 200; one left by a crashed run goes first.
  const receiver = await startHookReceiver();
  let delivered = 0;
  for (const stale of await db.select({ id: webhooks.id }).from(webhooks).where(eq(webhooks.description, BENCH_WEBHOOK))) {
    await deleteWebhook(system, stale.id);
  }
  const hookInput = createWebhookSchema.parse({ url: receiver.url, events: ['ticket.created', 'ticket.updated'], description: BENCH_WEBHOOK });
  const hook = await createWebhook(system, hookInput);

  // A seed, or the last run, leaves gigabytes of changed pages in memory: written out now, not by a
  // checkpoint in the middle of a window. Only a superuser or pg_checkpoint may; others run without.
  await db.execute(sql`checkpoint`).catch((error: unknown) => console.log(`no checkpoint before the run: ${String(error)}`));

  // Others' work on a shared machine shows up as latency: the load before the run says how quiet it was.
  const loadBefore = os.loadavg().map((n) => Number(n.toFixed(2)));
  console.log(
    `bench suite on ${tickets.toLocaleString('en')} tickets (budgets are set for 1,000,000); load average ${loadBefore.join(' ')} on ${os.cpus().length} CPUs`,
  );
  const explained = await explainProbes(url, [
    { name: 'request: API key lookup', run: (tx) => checkApiKey(tx, key.key) },
    ...cases.map((c) => ({ name: c.name, run: (tx: Db) => c.endpoints[0]!.serve({ db: tx, actor, requestId: 'bench-explain', ip: null }) })),
  ]);
  printExplain(explained);
  const staleBuild = buildIsStale();
  if (staleBuild)
    console.log('\nWARNING: the code changed after .next was built: run `npx next build` first, or the app measured is not the code the bare server runs');

  const [appPort, barePort] = [await freePort(), await freePort()];
  const serverEnv = { ...process.env, DATABASE_URL: url, LOOPDESK_DEMO_DATA: 'false', NEXT_TELEMETRY_DISABLED: '1' };
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loopdesk-bench-'));
  let app: RunningApp | undefined;
  let bare: ChildProcess | undefined;
  const windows = new Map<string, Window[]>();
  const rss = new Map<string, number>();
  let drifted: string[] = [];
  try {
    console.log('\nstarting the production server (a first run builds it, which takes minutes) and the bare server');
    compileServer();
    app = await startApp({ ...serverEnv, PORT: String(appPort), LOOPDESK_DATA_DIR: dataDir }, 900_000);
    bare = await startBare({ ...serverEnv, BARE_PORT: String(barePort), BENCH_FIXTURES: JSON.stringify(fixtures) });
    const targets: Record<Server, string> = { app: app.url, bare: `http://127.0.0.1:${barePort}` };
    const appPid = app.process.pid!;
    drifted = await differingAnswers(targets, cases, key.key);
    if (drifted.length > 0) console.log(`the bare server answers differently from the app for: ${drifted.join(', ')}`);

    for (let round = 1; round <= ROUNDS; round++) {
      if (round > 1) await resetDesk(db, seeded);
      // Who goes first alternates by round, so neither always meets the other's leftovers.
      const order: Server[] = round % 2 === 1 ? ['app', 'bare'] : ['bare', 'app'];
      for (const kase of cases) {
        for (const connections of CONNECTIONS) {
          for (const server of order) {
            const id = `${kase.name}/${connections}/${server}`;
            await waitForIdle(db);
            if (WARMUP > 0) await load(targets[server], kase, connections, WARMUP, key.key);
            const sampleRss = () => {
              const mb = server === 'app' && connections > 1 ? treeRssMb(appPid) : null;
              if (mb !== null) rss.set(id, Math.max(rss.get(id) ?? 0, mb));
            };
            const sampler = setInterval(sampleRss, 500);
            const pid = server === 'app' ? appPid : bare!.pid!;
            const [window, cpu] = await cpuDuring(pid, () => load(targets[server], kase, connections, DURATION, key.key)).finally(() => clearInterval(sampler));
            window.cpuMs = cpu;
            windows.set(id, [...(windows.get(id) ?? []), window]);
            const m = summarize([window]);
            console.log(
              `round ${round}/${ROUNDS}  ${id.padEnd(34)} ${m.reqPerSec.toFixed(0).padStart(6)} req/s  p95 ${m.p95.toFixed(2)} ms  ${m.cpuPerRequest?.toFixed(2) ?? '-'} ms CPU/req${m.failures ? `  ${m.failures} failed` : ''}`,
            );
          }
        }
      }
    }
  } finally {
    if (app) await stopApp(app);
    if (bare) await stopBare(bare);
    fs.rmSync(dataDir, { recursive: true, force: true });
    await deleteWebhook(system, hook.id);
    await revokeApiKey(system, key.id);
    delivered = await receiver.close();
    await closeDb();
  }

  const rows: Row[] = cases.flatMap((kase) =>
    CONNECTIONS.map((connections) => {
      const measure = (server: Server) => summarize(windows.get(`${kase.name}/${connections}/${server}`) ?? []);
      const [appMeasure, bareMeasure] = [measure('app'), measure('bare')];
      const ratio = appMeasure.reqPerSec / bareMeasure.reqPerSec;
      const appRssMb = rss.get(`${kase.name}/${connections}/app`) ?? null;
      return {
        case: kase.name,
        connections,
        app: appMeasure,
        bare: bareMeasure,
        ratio,
        appRssMb,
        ...verdicts(kase, connections, appMeasure, bareMeasure, ratio),
      };
    }),
  );
  const peakRss = Math.max(...rows.map((r) => r.appRssMb ?? 0));
  const missed = rows.flatMap((r) => r.missed.map((m) => `${r.case} (${r.connections}): ${m}`));
  missed.push(
    ...drifted.map(
      (name) => `${name}: the bare server's answer differs from the app's (a build older than the code, or a route that no longer does what cases.ts does)`,
    ),
  );
  if (rows.some((r) => r.appRssMb !== null) && !(peakRss < RSS_BUDGET_MB)) missed.push(`app RSS ${peakRss.toFixed(0)} MB ≥ ${RSS_BUDGET_MB} MB`);

  printTable(rows);
  console.log(`\napp RSS under 20 clients: at most ${peakRss.toFixed(0)} MB (budget < ${RSS_BUDGET_MB} MB); webhook deliveries received: ${delivered}`);
  console.log(
    `${DURATION} s windows after ${WARMUP} s warm-up, ${ROUNDS} round(s), latencies in ms; CPU = the server process's CPU time per request, ms; ratio = app req/s ÷ bare req/s`,
  );

  for (const name of OTHERS) {
    console.log(`\nnpm run bench:${name}`);
    const other = spawnSync('npm', ['run', '--silent', `bench:${name}`], { stdio: 'inherit', env: environment });
    if (other.status !== 0) missed.push(`bench:${name} exited with ${other.status ?? other.signal}`);
  }

  const resultsDir = path.resolve('bench/results');
  fs.mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  const settings = { durationSeconds: DURATION, rounds: ROUNDS, warmupSeconds: WARMUP, budgetFactor: BUDGET_FACTOR, cases: process.env.BENCH_CASES ?? null };
  const machine = { cpus: os.cpus().length, loadBefore, loadAfter: os.loadavg(), staleBuild };
  const result = { startedAt, finishedAt: new Date(), tickets, machine, settings, fixtures, rows, peakAppRssMb: peakRss, explain: explained, missed };
  fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\nwritten to ${path.relative(process.cwd(), file)}`);
  await closeBenchDatabase();

  if (missed.length > 0) {
    console.log(`\n${missed.length} budget(s) missed or check(s) failed:\n  ${missed.join('\n  ')}`);
    process.exit(1);
  }
  console.log('\nevery budget met');
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
