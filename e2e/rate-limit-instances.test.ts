import fs from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { eventually } from '@/lib/test/webhook-receiver';
import { appEnv, makeDataDir, startApp, stopApp, type RunningApp } from '@/lib/test/app-process';
import { sharedDatabase, type SharedDatabase } from '@/lib/test/shared-database';

/**
 * Two app processes behind one imaginary load balancer share one budget per key: requests
 * alternated between them are limited once, not once per instance. On TEST_DATABASE_URL's
 * server when set (as in CI), else on an embedded server of the test's own.
 */
const dataDir = makeDataDir();
let database: SharedDatabase | undefined;
const apps: RunningApp[] = [];

afterAll(async () => {
  for (const app of apps) await stopApp(app);
  await database?.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

it('limits a key exactly once across two app instances on one database', async () => {
  database = await sharedDatabase(dataDir, `loopdesk_instances_${process.pid}`, 54359);
  const env = (port: number, dir: string): NodeJS.ProcessEnv => ({ ...appEnv(path.join(dataDir, dir), port, 54360), DATABASE_URL: database!.url });
  const first = await startApp(env(3109, 'a'));
  apps.push(first);
  const adminKey = await eventually(() => /API key: {2}(ld_live_\S+)\n/.exec(first.output())?.[1], 10_000);
  const second = await startApp(env(3110, 'b'));
  apps.push(second);

  const created = await fetch(`${first.url}/api/v1/api-keys`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${adminKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: 'shared budget', permission: 'read', rate_limit: 10 }),
  });
  expect(created.status).toBe(201);
  const { key } = ((await created.json()) as { data: { key: string } }).data;

  const results: { status: number; remaining: string | null; limit: string | null }[] = [];
  for (let i = 0; i < 14; i++) {
    const app = i % 2 === 0 ? first : second;
    const res = await fetch(`${app.url}/api/v1/tickets?per_page=1`, { headers: { Authorization: `Bearer ${key}` } });
    await res.arrayBuffer();
    results.push({ status: res.status, remaining: res.headers.get('x-ratelimit-remaining'), limit: res.headers.get('x-ratelimit-limit') });
  }
  expect(results.map((r) => r.status)).toEqual([...Array<number>(10).fill(200), 429, 429, 429, 429]);
  expect(results.map((r) => r.remaining)).toEqual(['9', '8', '7', '6', '5', '4', '3', '2', '1', '0', '0', '0', '0', '0']);
  expect(new Set(results.map((r) => r.limit))).toEqual(new Set(['10']));
}, 300_000);
