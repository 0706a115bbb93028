import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '@/lib/test/api';
import { expectValidationError } from '@/lib/test/expectations';
import { createTicket, createAgent, createKey } from '@/lib/test/factories';

/**
 * Every list and record a request may carry has a size limit, checked before its items: a body
 * of a million bad items must cost one error, not a million checks and an answer that lists them
 * all (a 2 MiB body of `""` tags once gave a 400 of about 50 MB).
 */
let adminKey: string;
let ticketId: number;
let agentId: number;

beforeAll(async () => {
  adminKey = await createKey('admin');
  ticketId = (await createTicket({ subject: 'Limits' })).id;
  agentId = (await createAgent()).id;
});

const many = <T>(n: number, item: T): T[] => Array.from({ length: n }, () => item);
const keys = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`key_${i}`, 'x']));
const tooMany = (field: string, label: string, max: number) => [{ field, message: `${label} must have at most ${max} items` }];
const tooManyCustomFields = [{ field: 'custom_fields', message: 'Custom fields may have at most 100 keys' }];

type Case = { name: string; method: string; path: () => string; body?: unknown; details: { field: string; message: string }[] };

const bodies: Case[] = [
  { name: 'ticket tags', method: 'POST', path: () => '/api/v1/tickets', body: { subject: 'x', tags: many(100_000, '') }, details: tooMany('tags', 'Tags', 50) },
  {
    name: 'ticket custom fields',
    method: 'POST',
    path: () => '/api/v1/tickets',
    body: { subject: 'x', custom_fields: keys(100_000) },
    details: tooManyCustomFields,
  },
  {
    name: 'ticket update custom fields',
    method: 'PUT',
    path: () => `/api/v1/tickets/${ticketId}`,
    body: { custom_fields: keys(101) },
    details: tooManyCustomFields,
  },
  { name: 'bulk create', method: 'POST', path: () => '/api/v1/tickets/bulk', body: { tickets: many(10_000, {}) }, details: tooMany('tickets', 'Tickets', 100) },
  {
    name: 'bulk update',
    method: 'PUT',
    path: () => '/api/v1/tickets/bulk',
    body: { tickets: many(10_000, { id: 1 }) },
    details: tooMany('tickets', 'Tickets', 100),
  },
  {
    name: 'reply attachments',
    method: 'POST',
    path: () => `/api/v1/tickets/${ticketId}/replies`,
    body: { content: 'x', attachments: many(10_000, { filename: '', content: '!' }) },
    details: tooMany('attachments', 'Attachments', 20),
  },
  {
    name: 'customer custom fields',
    method: 'POST',
    path: () => '/api/v1/customers',
    body: { first_name: 'A', email: 'a@example.com', custom_fields: keys(101) },
    details: tooManyCustomFields,
  },
  {
    name: 'agent skills',
    method: 'POST',
    path: () => '/api/v1/agents',
    body: { first_name: 'A', email: 'a@example.com', skills: many(100_000, '') },
    details: tooMany('skills', 'Skills', 50),
  },
  {
    name: 'agent departments',
    method: 'PUT',
    path: () => `/api/v1/agents/${agentId}`,
    body: { department_ids: many(100_000, 0) },
    details: tooMany('department_ids', 'Department ids', 100),
  },
  {
    name: 'API key IP allowlist',
    method: 'POST',
    path: () => '/api/v1/api-keys',
    body: { name: 'k', permission: 'read', ip_whitelist: many(100_000, 'x') },
    details: tooMany('ip_whitelist', 'IP whitelist', 100),
  },
  {
    name: 'API key IP rule length',
    method: 'POST',
    path: () => '/api/v1/api-keys',
    body: { name: 'k', permission: 'read', ip_whitelist: ['1'.repeat(100_000)] },
    details: [{ field: 'ip_whitelist[0]', message: 'IP whitelist must be at most 100 characters' }],
  },
  {
    name: 'webhook events',
    method: 'POST',
    path: () => '/api/v1/webhooks',
    body: { url: 'https://93.184.215.14/hook', events: many(20_000, 'ticket.created') },
    details: tooMany('events', 'Events', 10),
  },
  {
    name: 'custom field options',
    method: 'POST',
    path: () => '/api/v1/custom-fields',
    body: { entity: 'ticket', key: 'k', label: 'K', type: 'select', options: many(100_000, '') },
    details: tooMany('options', 'Options', 100),
  },
];

const queries: Case[] = [
  {
    name: 'a ticket list filter',
    method: 'GET',
    path: () => `/api/v1/tickets?status=${many(101, 'open').join(',')}`,
    details: tooMany('status', 'Status', 100),
  },
  {
    name: 'a repeated filter key',
    method: 'GET',
    path: () => `/api/v1/tickets?${many(101, 'priority=high').join('&')}`,
    details: tooMany('priority', 'Priority', 100),
  },
  {
    name: 'custom field filters',
    method: 'GET',
    path: () => `/api/v1/tickets/search?q=x&${Array.from({ length: 101 }, (_, i) => `custom_fields[k${i}]=v`).join('&')}`,
    details: tooManyCustomFields,
  },
  {
    name: 'performance metrics',
    method: 'GET',
    path: () => `/api/v1/agents/${agentId}/performance?metrics=${many(101, 'tickets_handled').join(',')}`,
    details: tooMany('metrics', 'Metrics', 100),
  },
  {
    name: 'webhook delivery filters',
    method: 'GET',
    path: () => `/api/v1/webhooks/1/deliveries?status=${many(101, 'failed').join(',')}`,
    details: tooMany('status', 'Status', 100),
  },
];

describe('size limits on what a request carries', () => {
  it.each(bodies)('refuses too large a list or record in the body ($name) with one error', async ({ method, path, body, details }) => {
    expectValidationError(await call(method, path(), { key: adminKey, body }), details);
  });

  it.each(queries)('refuses too long a list in the query ($name) with one error', async ({ method, path, details }) => {
    expectValidationError(await call(method, path(), { key: adminKey }), details);
  });

  it('still takes lists of exactly the limit', async () => {
    const res = await call('GET', `/api/v1/tickets?status=${many(100, 'open').join(',')}`, { key: adminKey });
    expect(res.status).toBe(200);
    const tagged = await call<{ tags: string[] }>('POST', '/api/v1/tickets', {
      key: adminKey,
      body: { subject: 'Fifty tags', tags: Array.from({ length: 50 }, (_, i) => `tag-${i}`), custom_fields: keys(100) },
    });
    expect(tagged.status).toBe(201);
    expect(tagged.body.data.tags).toHaveLength(50);
  });
});
