import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { closeDb, getDb } from '@/db/client';
import { seedBulk } from '@/lib/demo/bulk';
import { benchDatabase } from './database';
import { startApp, stopApp } from '@/lib/test/app-process';

/**
 * `npm run bench:inbox`: the agent inbox's first render with BENCH_TICKETS (1,000,000) tickets in
 * the database: from navigating to /tickets until the first row is on screen, in a real browser
 * (Debian's chromium when installed), signed in as the first-run admin; and the list request alone.
 */
const TICKETS = Number(process.env.BENCH_TICKETS ?? 1_000_000);
const PORT = 3112;
const RUNS = 7;

const database = await benchDatabase();
const started = Date.now();
await seedBulk(getDb(), { tickets: TICKETS, customers: 1000 });
await getDb().execute('vacuum analyze');
await closeDb();
const seededSeconds = (Date.now() - started) / 1000;

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loopdesk-bench-'));
const server = await startApp({ ...process.env, PORT: String(PORT), LOOPDESK_DATA_DIR: dataDir, LOOPDESK_DEMO_DATA: 'false', NEXT_TELEMETRY_DISABLED: '1' }, 600_000);
const email = /Sign in: {2}(\S+)/.exec(server.output())![1]!;
const password = /Sign in: {2}\S+ {2}\/ {2}(\S+)/.exec(server.output())![1]!;
const apiKey = /API key: {2}(ld_live_\S+)/.exec(server.output())![1]!;

const executablePath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p));
const browser = await chromium.launch({ executablePath });
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
await page.goto(`${server.url}/login`);
await page.getByLabel('Email').fill(email);
await page.getByLabel('Password').fill(password);
await page.getByRole('button', { name: 'Sign in' }).click();
await page.getByTestId('ticket-row').first().waitFor();

const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!;
const renders: number[] = [];
for (let i = 0; i < RUNS; i++) {
  await page.goto('about:blank');
  const t0 = performance.now();
  await page.goto(`${server.url}/tickets`);
  await page.getByTestId('ticket-row').first().waitFor();
  renders.push(performance.now() - t0);
}
const requests: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const t0 = performance.now();
  const res = await fetch(`${server.url}/api/v1/tickets?status=open,pending,on_hold&sort=created_at&order=desc&page=1&per_page=50`, {
    headers: { Authorization: `Bearer ${apiKey}` },
  });
  await res.arrayBuffer();
  requests.push(performance.now() - t0);
}

console.log(`inbox benchmark on ${database.server}: ${TICKETS.toLocaleString('en')} tickets (seeded in ${seededSeconds.toFixed(0)} s)`);
console.log(`  first render of /tickets (navigation to first row, chromium): median ${median(renders).toFixed(0)} ms, max ${Math.max(...renders).toFixed(0)} ms over ${RUNS}`);
console.log(`  its list request (All open, 50 rows with the total): median ${median(requests).toFixed(0)} ms`);

await browser.close();
await stopApp(server);
await database.drop();
fs.rmSync(dataDir, { recursive: true, force: true });
