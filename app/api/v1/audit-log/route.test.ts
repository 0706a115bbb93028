import { createHash, randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { cursorOnlyPagination } from '@/lib/api/respond';
import { auditLogCsv } from '@/lib/audit/csv';
import type { AuditEntryJson } from '@/lib/audit/schema';
import { systemContext } from '@/lib/context';
import { setSetting } from '@/lib/settings/service';
import { call, send, type CallOptions } from '@/lib/test/api';
import { expectError, expectValidationError, isoSeconds } from '@/lib/test/expectations';
import { createAgent, createKey } from '@/lib/test/factories';

const ADDRESS = '198.51.100.23';
let adminKey: string;
let agentKey: string;
let agentId: number;

beforeAll(async () => {
  adminKey = await createKey('admin');
  const agent = await createAgent({ first_name: 'Priya', last_name: 'Raman' });
  agentId = agent.id;
  agentKey = await createKey('write', {}, agent.id);
});

type Data = Record<string, unknown> & { id: number };

/** One change through the API, as request `requestId` from ADDRESS; answers with the resource it returned. */
async function change(method: string, path: string, requestId: string, options: CallOptions = {}) {
  const res = await call<Data>(method, path, { key: adminKey, ip: ADDRESS, ...options, headers: { 'x-request-id': requestId, ...options.headers } });
  expect(res.status, `${method} ${path}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
  return res.body?.data;
}

const auditLog = (query = '', key = adminKey) => call<AuditEntryJson[]>('GET', `/api/v1/audit-log${query}`, { key });

async function entriesOf(requestId: string): Promise<AuditEntryJson[]> {
  const found: AuditEntryJson[] = [];
  let cursor: string | null = null;
  do {
    const res = await auditLog(`?per_page=100${cursor ? `&after=${cursor}` : ''}`);
    expect(res.status).toBe(200);
    found.push(...res.body.data.filter((e) => e.request_id === requestId));
    cursor = cursorOnlyPagination.parse(res.body.pagination).next_cursor;
  } while (cursor);
  return found;
}

describe('GET /api/v1/audit-log', () => {
  it('records every change of every resource with its actor, request id and client address', async () => {
    const id = () => `audit-${randomUUID()}`;
    const steps: { action: string; run: (requestId: string) => Promise<Data | undefined> }[] = [];
    const made: Record<string, number> = {};
    const step = (action: string, run: (requestId: string) => Promise<Data | undefined>) => steps.push({ action, run });

    step('department.created', async (r) => change('POST', '/api/v1/departments', r, { body: { name: `Audit ${r}` } }));
    step('department.updated', async (r) => change('PUT', `/api/v1/departments/${made.department}`, r, { body: { description: 'Front line' } }));
    step('category.created', async (r) => change('POST', '/api/v1/categories', r, { body: { name: `Audit ${r}` } }));
    step('category.updated', async (r) => change('PUT', `/api/v1/categories/${made.category}`, r, { body: { description: 'Sign-in trouble' } }));
    step('custom_field.created', async (r) =>
      change('POST', '/api/v1/custom-fields', r, { body: { entity: 'ticket', key: `audit_${made.department}`, label: 'Plan', type: 'text' } }),
    );
    step('custom_field.updated', async (r) => change('PUT', `/api/v1/custom-fields/${made.custom_field}`, r, { body: { label: 'Plan name' } }));
    step('customer.created', async (r) => change('POST', '/api/v1/customers', r, { body: { first_name: 'Ada', email: `${r}@example.com` } }));
    step('customer.updated', async (r) => change('PUT', `/api/v1/customers/${made.customer}`, r, { body: { organization: 'Acme' } }));
    step('ticket.created', async (r) => change('POST', '/api/v1/tickets', r, { body: { subject: 'Cannot log in', customer_id: made.customer } }));
    step('ticket.updated', async (r) => change('PUT', `/api/v1/tickets/${made.ticket}`, r, { body: { priority: 'high' } }));
    step('ticket.assigned', async (r) => change('PUT', `/api/v1/tickets/${made.ticket}/assign`, r, { body: { agent_id: agentId } }));
    step('ticket.resolved', async (r) => change('PUT', `/api/v1/tickets/${made.ticket}`, r, { body: { status: 'resolved' } }));
    step('ticket.rated', async (r) => change('POST', `/api/v1/tickets/${made.ticket}/satisfaction`, r, { body: { rating: 5 } }));
    step('ticket.deleted', async (r) => change('DELETE', `/api/v1/tickets/${made.ticket}`, r));
    step('customer.deleted', async (r) => change('DELETE', `/api/v1/customers/${made.customer}`, r));
    step('custom_field.deleted', async (r) => change('DELETE', `/api/v1/custom-fields/${made.custom_field}`, r));
    step('category.deleted', async (r) => change('DELETE', `/api/v1/categories/${made.category}`, r));
    step('department.deleted', async (r) => change('DELETE', `/api/v1/departments/${made.department}`, r));
    step('agent.created', async (r) => change('POST', '/api/v1/agents', r, { body: { first_name: 'Omar', email: `${r}@loopdesk.example` } }));
    step('agent.updated', async (r) => change('PUT', `/api/v1/agents/${made.agent}`, r, { body: { role: 'admin' } }));
    step('agent.sessions_ended', async (r) => change('DELETE', `/api/v1/agents/${made.agent}/sessions`, r));
    step('api_key.created', async (r) => change('POST', '/api/v1/api-keys', r, { body: { name: 'CRM sync', permission: 'read' } }));
    step('api_key.updated', async (r) => change('PUT', `/api/v1/api-keys/${made.api_key}`, r, { body: { name: 'CRM sync (EU)' } }));
    step('api_key.revoked', async (r) => change('DELETE', `/api/v1/api-keys/${made.api_key}`, r));
    step('webhook.created', async (r) =>
      change('POST', '/api/v1/webhooks', r, { body: { url: 'https://93.184.215.14/loopdesk', events: ['ticket.created'] } }),
    );
    step('webhook.updated', async (r) => change('PUT', `/api/v1/webhooks/${made.webhook}`, r, { body: { active: false } }));
    step('webhook.secret_rotated', async (r) => change('POST', `/api/v1/webhooks/${made.webhook}/rotate-secret`, r));
    step('webhook.deleted', async (r) => change('DELETE', `/api/v1/webhooks/${made.webhook}`, r));
    step('saved_view.created', async (r) => change('POST', '/api/v1/views', r, { key: agentKey, body: { name: `Mine ${r}`, query: '?status=open' } }));
    step('saved_view.deleted', async (r) => change('DELETE', `/api/v1/views/${made.saved_view}`, r, { key: agentKey }));

    for (const { action, run } of steps) {
      const requestId = id();
      const resource = action.split('.')[0]!;
      const data = await run(requestId);
      if (data?.id && !made[resource]) made[resource] = data.id;
      const entries = await entriesOf(requestId);
      const entry = entries.find((e) => e.action === action);
      expect(entry, `${action} in ${JSON.stringify(entries)}`).toBeDefined();
      expect(entry).toMatchObject({ resource_type: resource, resource_id: made[resource], request_id: requestId, ip_address: ADDRESS });
      expect(entry!.created_at).toMatch(isoSeconds);
      expect(entry!.actor.type).toBe('api_key');
    }
  });

  it('shows what an update changed, before and after, and who made it', async () => {
    const requestId = `audit-${randomUUID()}`;
    const department = await change('POST', '/api/v1/departments', `${requestId}-create`, { body: { name: `Billing ${requestId}` } });
    await change('PUT', `/api/v1/departments/${department!.id}`, requestId, { body: { name: `Invoices ${requestId}` } });
    const [entry] = await entriesOf(requestId);
    expect(entry).toMatchObject({
      action: 'department.updated',
      changes: ['name'],
      before: { name: `Billing ${requestId}` },
      after: { name: `Invoices ${requestId}` },
      actor: { type: 'api_key', id: expect.any(Number), name: 'admin key', app: null },
    });
  });

  it('records a change of a setting, made by Loopdesk itself', async () => {
    const requestId = `audit-${randomUUID()}`;
    await setSetting(systemContext(getDb(), requestId), 'strict_custom_fields', true);
    await setSetting(systemContext(getDb(), `${requestId}-back`), 'strict_custom_fields', false);
    const [entry] = await entriesOf(requestId);
    expect(entry).toMatchObject({
      action: 'setting.updated',
      resource_type: 'setting',
      resource_id: null,
      actor: { type: 'system', id: null, name: 'Loopdesk', app: null },
      ip_address: null,
      changes: ['strict_custom_fields'],
      before: { strict_custom_fields: false },
      after: { strict_custom_fields: true },
      details: { setting: 'strict_custom_fields' },
    });
  });

  it('never shows a secret or a hash: not the plain key, its hash, a webhook secret or a password', async () => {
    const requestId = `audit-${randomUUID()}`;
    const key = await change('POST', '/api/v1/api-keys', requestId, { body: { name: 'Secret test', permission: 'read' } });
    const hook = await change('POST', '/api/v1/webhooks', requestId, { body: { url: 'https://93.184.215.14/secret', events: ['*'] } });
    const rotated = await change('POST', `/api/v1/webhooks/${hook!.id}/rotate-secret`, requestId);
    await change('PUT', `/api/v1/webhooks/${hook!.id}`, requestId, { body: { secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' } });
    const agent = await change('POST', '/api/v1/agents', requestId, {
      body: { first_name: 'Lena', email: `${requestId}@loopdesk.example`, password: 'a long and unusual passphrase 42' },
    });
    await change('PUT', `/api/v1/agents/${agent!.id}`, requestId, { body: { password: 'another long unusual passphrase 43' } });

    const entries = await entriesOf(requestId);
    expect(entries.map((e) => e.action).sort()).toEqual(
      ['agent.created', 'agent.updated', 'api_key.created', 'webhook.created', 'webhook.secret_rotated', 'webhook.updated'].sort(),
    );
    const text = JSON.stringify(entries);
    const plainKey = String(key!.key);
    for (const secret of [
      plainKey,
      createHash('sha256').update(plainKey).digest('hex'),
      String(hook!.secret),
      String(rotated!.secret),
      'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(text).not.toMatch(/passphrase|hash|\$argon2/i);
    expect(text).not.toContain('secret_prefix');
    expect(entries.find((e) => e.action === 'agent.updated')!.changes).toEqual(['password']);
    expect(entries.find((e) => e.action === 'webhook.updated')!.changes).toEqual(['secret']);
  });

  it('filters by actor, action, resource and period, and walks every entry once by cursor', async () => {
    const tag = randomUUID();
    const names = ['North', 'South', 'East', 'West', 'Centre'].map((n) => `${n} ${tag}`);
    const ids: number[] = [];
    for (const name of names) ids.push((await change('POST', '/api/v1/departments', `audit-${tag}`, { body: { name } }))!.id);
    await change('PUT', `/api/v1/departments/${ids[0]}`, `audit-${tag}`, { body: { description: 'Renamed' } });

    const created = await auditLog(`?action=department.created&per_page=100`);
    expect(created.status).toBe(200);
    expect(created.body.data.every((e) => e.action === 'department.created')).toBe(true);

    const one = await auditLog(`?resource_type=department&resource_id=${ids[0]}`);
    expect(one.body.data.map((e) => e.action)).toEqual(['department.updated', 'department.created']);

    const both = await auditLog(`?action=department.created,department.updated&resource_type=department&resource_id=${ids[0]}`);
    expect(both.body.data).toHaveLength(2);

    const [mine] = one.body.data;
    const byActor = await auditLog(`?actor_type=api_key&actor_id=${mine!.actor.id}&per_page=100`);
    expect(byActor.body.data.length).toBeGreaterThanOrEqual(6);
    expect(byActor.body.data.every((e) => e.actor.type === 'api_key' && e.actor.id === mine!.actor.id)).toBe(true);

    const nobody = await auditLog(`?actor_type=agent&actor_id=2147483647`);
    expect(nobody.body).toMatchObject({ success: true, data: [], pagination: { per_page: 50, has_next: false, next_cursor: null } });

    const future = await auditLog(`?from=9999-01-01`);
    expect(future.body.data).toEqual([]);
    const today = await auditLog(`?resource_type=department&resource_id=${ids[0]}&from=${new Date().toISOString().slice(0, 10)}&to=9999-12-31`);
    expect(today.body.data).toHaveLength(2);

    // Two at a time, newest first: every entry of these departments once, in order.
    const walked: number[] = [];
    let cursor: string | null = null;
    do {
      const page = await auditLog(`?resource_type=department&action=department.created&per_page=2${cursor ? `&after=${cursor}` : ''}`);
      walked.push(...page.body.data.map((e) => e.id));
      cursor = cursorOnlyPagination.parse(page.body.pagination).next_cursor;
    } while (cursor);
    expect(new Set(walked).size).toBe(walked.length);
    expect([...walked].sort((a, b) => b - a)).toEqual(walked);
    const ours = (await auditLog(`?action=department.created&per_page=100`)).body.data.filter((e) => names.includes((e.after as { name: string }).name));
    expect(ours).toHaveLength(5);
    for (const entry of ours) expect(walked).toContain(entry.id);
  });

  it('answers agents and non-admin keys with 403', async () => {
    expectError(await auditLog('', agentKey), { status: 403, code: 'FORBIDDEN', message: 'This action requires admin permission' });
    expectError(await auditLog('', await createKey('read')), { status: 403, code: 'FORBIDDEN', message: 'This action requires admin permission' });
    expectError(await call('GET', '/api/v1/audit-log'), { status: 401, code: 'UNAUTHORIZED' });
  });

  it('refuses filters it cannot apply with a 400 naming the field', async () => {
    expectValidationError(await auditLog('?actor_id=3'), [{ field: 'actor_id', message: 'Give actor_type (agent or api_key) with actor_id' }]);
    expectValidationError(await auditLog('?resource_id=3'), [{ field: 'resource_id', message: 'Give resource_type with resource_id' }]);
    expectValidationError(await auditLog('?after=abc'), [{ field: 'after', message: 'Must be a next_cursor from an earlier page of this list' }]);
    expectValidationError(await auditLog('?from=2026-05-02&to=2026-05-01'), [{ field: 'to', message: 'Must not be before from' }]);
    const badAction = await auditLog('?action=ticket.exploded');
    expect(badAction.status).toBe(400);
    expect(badAction.body.error.details![0]!.field).toBe('action');
    const badType = await auditLog('?resource_type=planet');
    expect(badType.status).toBe(400);
    expect(badType.body.error.details![0]!.field).toBe('resource_type');
  });
});

describe('GET /api/v1/audit-log/export', () => {
  it('downloads the filtered entries as CSV, with JSON cells quoted', async () => {
    const requestId = `audit-${randomUUID()}`;
    const department = await change('POST', '/api/v1/departments', requestId, { body: { name: `Returns, "EU" ${requestId}` } });
    const res = await send('GET', `/api/v1/audit-log/export?resource_type=department&resource_id=${department!.id}`, { key: adminKey });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="loopdesk-audit-log.csv"');
    const lines = (await res.text()).split('\r\n');
    expect(lines[0]).toBe(
      'id,created_at,action,resource_type,resource_id,actor_type,actor_id,actor_name,actor_app,ip_address,request_id,changes,before,after,details',
    );
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    const [entry] = (await auditLog(`?resource_type=department&resource_id=${department!.id}`)).body.data;
    const after = JSON.stringify(entry!.after).replaceAll('"', '""');
    expect(lines[1]).toBe(
      `${entry!.id},${entry!.created_at},department.created,department,${department!.id},api_key,${entry!.actor.id},admin key,,${ADDRESS},${requestId},,,"${after}",{}`,
    );
  });

  it('reads the log a page at a time, each entry once, newest first', async () => {
    const chunks: string[] = [];
    for await (const chunk of auditLogCsv(systemContext(getDb(), 'csv-test'), {}, 3)) chunks.push(chunk);
    const ids = chunks
      .join('')
      .split('\r\n')
      .slice(1, -1)
      .map((line) => Number(line.split(',')[0]));
    const listed = (await auditLog('?per_page=100')).body.data.map((e) => e.id);
    expect(chunks.length).toBe(Math.ceil(ids.length / 3));
    expect(ids).toEqual(listed);
  });

  it('starts a cell a spreadsheet would run as a formula with an apostrophe', async () => {
    const requestId = `audit-${randomUUID()}`;
    const formulaKey = await createKey('admin', { name: '=HYPERLINK("https://evil.example","x")' });
    await change('POST', '/api/v1/departments', requestId, { key: formulaKey, body: { name: `Formula ${requestId}` } });
    const res = await send('GET', `/api/v1/audit-log/export?action=department.created&from=${new Date().toISOString().slice(0, 10)}`, { key: adminKey });
    const line = (await res.text()).split('\r\n').find((l) => l.includes(requestId))!;
    expect(line).toContain(`,"'=HYPERLINK(""https://evil.example"",""x"")",,${ADDRESS},`);
  });

  it('answers a write key with 403 and a bad filter with 400', async () => {
    expectError(await call('GET', '/api/v1/audit-log/export', { key: agentKey }), {
      status: 403,
      code: 'FORBIDDEN',
      message: 'This action requires admin permission',
    });
    expectValidationError(await call('GET', '/api/v1/audit-log/export?resource_id=4', { key: adminKey }), [
      { field: 'resource_id', message: 'Give resource_type with resource_id' },
    ]);
  });
});
