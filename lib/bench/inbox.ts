import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { count, eq } from 'drizzle-orm';
import { closeDb, getDb, type Db } from '@/db/client';
import { agents, tickets } from '@/db/schema';
import { createAgentSchema, updateAgentSchema } from '@/lib/agents/schema';
import { createAgent, updateAgent } from '@/lib/agents/service';
import { systemContext } from '@/lib/context';
import { createApiKey, revokeApiKey } from '@/lib/api-keys/service';
import { useDatabaseUrl } from '@/lib/config';
import type { FirstRun } from '@/lib/demo/seed';
import { seedDesk } from '@/lib/seed/desk';
import { benchDatabase, closeBenchDatabase, openBenchDatabase } from './database';
import { compileServer, startApp, stopApp } from '@/lib/test/app-process';

/**
 * `npm run bench:inbox`: the agent inbox's first render on the desk `npm run bench:seed` made, or
 * with BENCH_TICKETS set, on a fresh database seeded with that many: from navigating to /tickets
 * until the first row is on screen, in a real browser (Debian's chromium when installed), signed
 * in as an admin; and the list request alone.
 */
const FRESH = process.env.BENCH_TICKETS !== undefined;
const TICKETS = Number(process.env.BENCH_TICKETS ?? 1_000_000);
const PORT = 3112;
const RUNS = 7;
const RUN_ADMIN = 'inbox-bench@loopdesk.local';

/** The seeded desk printed its first admin's password once, long ago: this run signs in as an admin of its own. */
async function runAdmin(db: Db): Promise<FirstRun & { retire: (db: Db) => Promise<void> }> {
  const ctx = systemContext(db, 'bench-inbox');
  const password = randomBytes(18).toString('base64url');
  const [known] = await db.select({ id: agents.id }).from(agents).where(eq(agents.email, RUN_ADMIN));
  const admin = known
    ? await updateAgent(ctx, known.id, updateAgentSchema.parse({ password, role: 'admin', status: 'active' }))
    : await createAgent(ctx, createAgentSchema.parse({ first_name: 'Inbox', last_name: 'Benchmark', email: RUN_ADMIN, role: 'admin', password }));
  const key = await createApiKey({ ...ctx, actor: { type: 'agent', agentId: admin.id, permission: 'admin' } }, { name: 'inbox benchmark', permission: 'read' });
  return {
    email: RUN_ADMIN,
    password,
    apiKey: key.key,
    // Inactive between runs, so the team report of the suite's desk does not count one agent more.
    retire: async (later) => {
      await revokeApiKey({ ...ctx, db: later }, key.id);
      await updateAgent({ ...ctx, db: later }, admin.id, { status: 'inactive' });
    },
  };
}

let database: { server: string; drop: () => Promise<void> };
let signIn: FirstRun & { retire?: (db: Db) => Promise<void> };
const started = Date.now();
if (FRESH) {
  database = await benchDatabase();
  // The seed creates the first admin (before its agents), so the sign-in comes from it, not the server.
  const { firstRun } = await seedDesk(getDb(), { tickets: TICKETS });
  signIn = firstRun!;
} else {
  useDatabaseUrl(await openBenchDatabase());
  database = { server: 'the bench:seed desk', drop: closeBenchDatabase };
  signIn = await runAdmin(getDb());
}
const [{ n: ticketCount } = { n: 0 }] = await getDb().select({ n: count() }).from(tickets);
await closeDb();
const seededSeconds = (Date.now() - started) / 1000;

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loopdesk-bench-'));
compileServer();
const server = await startApp(
  { ...process.env, PORT: String(PORT), LOOPDESK_DATA_DIR: dataDir, LOOPDESK_DEMO_DATA: 'false', NEXT_TELEMETRY_DISABLED: '1' },
  600_000,
);
// Not left running (and holding its port) when the benchmark fails midway.
process.once('exit', () => server.process.kill());
const { email, password, apiKey } = signIn;

const executablePath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p));
const browser = await chromium.launch({ executablePath }).catch((error: unknown) => {
  throw new Error("The inbox benchmark drives Chromium: install Debian's (apt install chromium) or Playwright's (npx playwright install chromium)", {
    cause: error,
  });
});
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

const seeding = FRESH ? ` (seeded in ${seededSeconds.toFixed(0)} s)` : '';
console.log(`inbox benchmark on ${database.server}: ${ticketCount.toLocaleString('en')} tickets${seeding}`);
console.log(
  `  first render of /tickets (navigation to first row, chromium): median ${median(renders).toFixed(0)} ms, max ${Math.max(...renders).toFixed(0)} ms over ${RUNS}`,
);
console.log(`  its list request (All open, 50 rows with the total): median ${median(requests).toFixed(0)} ms`);

await browser.close();
await stopApp(server);
await signIn.retire?.(getDb());
await closeDb();
await database.drop();
fs.rmSync(dataDir, { recursive: true, force: true });
