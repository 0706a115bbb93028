import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appEnv, makeDataDir, runCli, startApp, stopApp, type RunningApp } from '@/lib/test/app-process';

const dataDir = makeDataDir();
const env = appEnv(dataDir, 3107, 54357);
let app: RunningApp | undefined;

afterAll(async () => {
  if (app) await stopApp(app);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const json = async (res: Response) => ({ status: res.status, body: (await res.json()) as Record<string, unknown> });

describe('npm start on the embedded database', () => {
  let adminKey = '';
  let ticketId = 0;

  it('starts with demo data, prints the first sign-in, and answers health', async () => {
    app = await startApp(env);
    const out = app.output();
    expect(out).toMatch(/Sign in: {2}admin@loopdesk\.local {2}\/ {2}\S{8,}/);
    adminKey = /API key: {2}(ld_live_\S+)/.exec(out)?.[1] ?? '';
    expect(adminKey).toMatch(/^ld_live_/);

    const health = await json(await fetch(`${app.url}/api/v1/health`));
    expect(health).toEqual({ status: 200, body: { success: true, data: { status: 'ok', database: 'ok' } } });

    const list = await json(await fetch(`${app.url}/api/v1/tickets`, { headers: { Authorization: `Bearer ${adminKey}` } }));
    expect(list.status).toBe(200);
    expect((list.body.pagination as { total: number }).total).toBeGreaterThanOrEqual(8);
  });

  it("serves the reference's Quick Start request verbatim", async () => {
    const response = await fetch(`${app!.url}/api/v1/tickets`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${adminKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ subject: 'API Test Ticket', description: 'Created via API', priority: 'medium' }),
    });
    const created = await json(response);
    expect(created.status).toBe(201);
    const data = created.body.data as { id: number; number: string; priority: string };
    expect(data.number).toMatch(/^TKT-\d{4}-\d{6}$/);
    expect(data.priority).toBe('normal');
    ticketId = data.id;
  });

  it('lets the CLI use the running database, and takes the client address from the socket only', () => {
    const cli = runCli(env, ['api-keys', 'create', '--name', 'office only', '--permission', 'read', '--ip', '10.9.9.9', '--json']);
    expect(cli.status).toBe(0);
    const key = (JSON.parse(cli.stdout) as { key: string }).key;
    return fetch(`${app!.url}/api/v1/tickets`, {
      // Both headers claim the allowed address; the TCP peer is 127.0.0.1.
      headers: { Authorization: `Bearer ${key}`, 'X-Loopdesk-Client-Ip': '10.9.9.9', 'X-Forwarded-For': '10.9.9.9' },
    }).then(async (res) => {
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('FORBIDDEN');
    });
  });

  it('keeps the data across a restart and shows no first-run sign-in again', async () => {
    expect(await stopApp(app!)).toBe(0);
    expect(fs.existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
    app = await startApp(env);
    expect(app.output()).not.toContain('Sign in:');
    const ticket = await json(await fetch(`${app.url}/api/v1/tickets/${ticketId}`, { headers: { Authorization: `Bearer ${adminKey}` } }));
    expect(ticket.status).toBe(200);
    expect((ticket.body.data as { subject: string }).subject).toBe('API Test Ticket');
  });

  it('recovers after a crash that left the database server running', async () => {
    await stopApp(app!, 'SIGKILL');
    app = await startApp(env);
    const health = await fetch(`${app.url}/api/v1/health`);
    expect(health.status).toBe(200);
  });
});
