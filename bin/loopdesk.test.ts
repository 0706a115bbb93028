import { spawnSync } from 'node:child_process';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { agents, apiKeys, tickets } from '@/db/schema';
import { verifyPassword } from '@/lib/agents/password';
import { hashApiKey } from '@/lib/api-keys/service';
import { call } from '@/lib/test/api';

// The per-file test database is in DATABASE_URL; the CLI uses it as the app would.
const loopdesk = (...args: string[]) => spawnSync(process.execPath, ['bin/loopdesk.mjs', ...args], { encoding: 'utf8' });

describe('loopdesk CLI', () => {
  it('creates an API key that works at once and prints it as JSON with --json', async () => {
    const run = loopdesk(
      'api-keys',
      'create',
      '--name',
      'Monitoring',
      '--permission',
      'write',
      '--ip',
      '10.0.0.0/8',
      '--rate-limit',
      '500',
      '--expires-at',
      '2099-01-01T00:00:00Z',
      '--json',
    );
    expect(run.status).toBe(0);
    const printed = JSON.parse(run.stdout) as { key: string; name: string; permission: string; ip_whitelist: string[]; rate_limit: number; expires_at: string };
    expect(printed).toMatchObject({
      name: 'Monitoring',
      permission: 'write',
      ip_whitelist: ['10.0.0.0/8'],
      rate_limit: 500,
      expires_at: '2099-01-01T00:00:00Z',
    });
    const [stored] = await getDb()
      .select()
      .from(apiKeys)
      .where(eq(apiKeys.keyHash, hashApiKey(printed.key)));
    expect(stored?.name).toBe('Monitoring');
    const res = await call('GET', '/api/v1/tickets', { key: printed.key, ip: '10.1.2.3' });
    expect(res.status).toBe(200);
  });

  it('refuses a bad permission with a message and exit code 1, writing nothing', async () => {
    const before = await getDb().select().from(apiKeys);
    const run = loopdesk('api-keys', 'create', '--name', 'x', '--permission', 'owner');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('Permission must be one of: read, write, admin');
    expect(await getDb().select().from(apiKeys)).toHaveLength(before.length);
  });

  it('creates users with an argon2id password hash and refuses a duplicate email in any case', async () => {
    const run = loopdesk('users', 'create', '--email', 'Sam@Example.com', '--password', 'correct horse battery', '--role', 'admin');
    expect(run.status).toBe(0);
    const [agent] = await getDb().select().from(agents).where(eq(agents.email, 'Sam@Example.com'));
    expect(agent?.role).toBe('admin');
    expect(agent?.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(agent!.passwordHash!, 'correct horse battery')).toBe(true);

    const again = loopdesk('users', 'create', '--email', 'sam@example.com', '--password', 'another one of those', '--role', 'agent');
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('already exists');
  });

  it('changes a password', async () => {
    expect(loopdesk('users', 'create', '--email', 'pat@example.com', '--password', 'first secret phrase', '--role', 'agent').status).toBe(0);
    expect(loopdesk('users', 'set-password', '--email', 'PAT@example.com', '--password', 'second secret phrase').status).toBe(0);
    const [agent] = await getDb().select().from(agents).where(eq(agents.email, 'pat@example.com'));
    expect(await verifyPassword(agent!.passwordHash!, 'second secret phrase')).toBe(true);
  });

  it('generates benchmark data with seed --tickets N and refuses a count that is not a positive number', async () => {
    const before = await getDb().$count(tickets);
    const run = loopdesk('seed', '--tickets', '250', '--customers', '20');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Added 20 customers and 250 tickets in \d+\.\d s\.$/m);
    expect(await getDb().$count(tickets)).toBe(before + 250);
    const bad = loopdesk('seed', '--tickets', 'lots');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('--tickets: Must be a whole number');
  });

  it('applies migrations with db migrate and answers unknown commands with usage and exit code 2', () => {
    expect(loopdesk('db', 'migrate').stdout).toContain('Migrations applied.');
    const unknown = loopdesk('tickets', 'explode');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('Usage:');
  });
});
