import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchDatabase } from './database';
import { compileServer, startApp, stopApp } from '@/lib/test/app-process';

/**
 * `npm run bench:rate-limit`: requests a second of `GET /api/v1/tickets?per_page=1` against the
 * production server (as `npm start` runs it), with the rate limiter counting every request for a
 * key with a huge limit, and with LOOPDESK_RATE_LIMITS=off; prints both and their ratio.
 */
const PORT = 3111;
const CONCURRENCY = 16;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

const database = await benchDatabase();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loopdesk-bench-'));
const baseEnv = { ...process.env, PORT: String(PORT), LOOPDESK_DATA_DIR: dataDir, LOOPDESK_DEMO_DATA: 'true', NEXT_TELEMETRY_DISABLED: '1' };

/** Closed-loop load: CONCURRENCY clients, each sending its next request when the last is answered. */
async function measure(key: string) {
  const url = `http://127.0.0.1:${PORT}/api/v1/tickets?per_page=1`;
  const headers = { Authorization: `Bearer ${key}` };
  const run = async (ms: number) => {
    let count = 0;
    const until = performance.now() + ms;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (performance.now() < until) {
          const res = await fetch(url, { headers });
          await res.arrayBuffer();
          if (res.status !== 200) throw new Error(`GET answered ${res.status}`);
          count++;
        }
      }),
    );
    return count;
  };
  await run(2000); // warm-up: JIT, connection pool, caches
  const perSecond = (await run(SECONDS * 1000)) / SECONDS;
  // Latency on an idle server: one client, one request at a time.
  const times: number[] = [];
  for (let i = 0; i < 500; i++) {
    const started = performance.now();
    const res = await fetch(url, { headers });
    await res.arrayBuffer();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { perSecond, p50: times[250]!, p95: times[475]! };
}

compileServer();
const withLimits = await startApp({ ...baseEnv, LOOPDESK_RATE_LIMITS: 'on' }, 600_000);
const adminKey = /API key: {2}(ld_live_\S+)/.exec(withLimits.output())![1]!;
const created = await fetch(`http://127.0.0.1:${PORT}/api/v1/api-keys`, {
  method: 'POST',
  headers: { Authorization: `Bearer ${adminKey}`, 'Content-Type': 'application/json' },
  body: JSON.stringify({ name: 'benchmark', permission: 'read', rate_limit: 10_000_000 }),
});
const key = ((await created.json()) as { data: { key: string } }).data.key;
const limited = await measure(key);
await stopApp(withLimits);

const withoutLimits = await startApp({ ...baseEnv, LOOPDESK_RATE_LIMITS: 'off' }, 600_000);
const unlimited = await measure(key);
await stopApp(withoutLimits);

console.log(`rate limiter benchmark on ${database.server}: GET /api/v1/tickets?per_page=1, ${CONCURRENCY} concurrent clients, ${SECONDS} s each`);
const ms = (n: number) => `${n.toFixed(2)} ms`;
console.log(`  with the limiter:    ${Math.round(limited.perSecond)} requests/s; one client: p50 ${ms(limited.p50)}, p95 ${ms(limited.p95)}`);
console.log(`  without the limiter: ${Math.round(unlimited.perSecond)} requests/s; one client: p50 ${ms(unlimited.p50)}, p95 ${ms(unlimited.p95)}`);
const ratio = limited.perSecond / unlimited.perSecond;
console.log(`  ratio: ${ratio.toFixed(2)} (${((1 - ratio) * 100).toFixed(1)} % fewer requests/s); latency added at p50: ${ms(limited.p50 - unlimited.p50)}`);

await database.drop();
fs.rmSync(dataDir, { recursive: true, force: true });
