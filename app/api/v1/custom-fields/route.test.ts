import { and, eq, inArray, like } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { customFieldDefinitions } from '@/db/schema';
import type { CustomFieldJson } from '@/lib/custom-fields/schema';
import { call } from '@/lib/test/api';
import { expectError, expectValidationError, isoSeconds, fieldConflict } from '@/lib/test/expectations';
import { createKey, createCustomField } from '@/lib/test/factories';
import { raceWithUncommitted } from '@/lib/test/races';

let adminKey: string;
let readKey: string;

beforeAll(async () => {
  adminKey = await createKey('admin');
  readKey = await createKey('read');
});

const post = (body: unknown) => call<CustomFieldJson>('POST', '/api/v1/custom-fields', { key: adminKey, body });
const list = (query = '') => call<CustomFieldJson[]>('GET', `/api/v1/custom-fields?${query}`, { key: readKey });
const keys = (res: { body: { data: CustomFieldJson[] } }) => res.body.data.map((f) => `${f.entity}:${f.key}`);
const definitionCount = () => getDb().$count(customFieldDefinitions);
const browser = {
  entity: 'ticket',
  key: 'login_browser',
  label: 'Browser',
  type: 'select',
  options: ['Chrome 119', 'Firefox 128', 'Safari 17'],
};

describe('GET /api/v1/custom-fields', () => {
  beforeAll(async () => {
    // This file's database is its own: start the list from a known set.
    await getDb().delete(customFieldDefinitions);
    await createCustomField({ entity: 'customer', key: 'employee_id', label: 'Employee ID', position: 0 });
    await createCustomField({ entity: 'ticket', key: 'browser', label: 'Browser', position: 2 });
    await createCustomField({ entity: 'ticket', key: 'affected_product', label: 'Affected product', position: 1 });
    await createCustomField({ entity: 'customer', key: 'cost_center', label: 'Cost center', position: 0 });
    await createCustomField({ entity: 'ticket', key: 'os', label: 'Operating system', position: 1 });
  });

  it('lists ticket fields, then customer fields, each by position then creation, with the pagination object', async () => {
    const res = await list();
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      success: true,
      data: expect.any(Array),
      pagination: { current_page: 1, per_page: 25, total: 5, total_pages: 1, has_next: false, has_prev: false },
    });
    expect(keys(res)).toEqual(['ticket:affected_product', 'ticket:os', 'ticket:browser', 'customer:employee_id', 'customer:cost_center']);
  });

  it('filters by entity', async () => {
    const res = await list('entity=customer');
    expect(keys(res)).toEqual(['customer:employee_id', 'customer:cost_center']);
    expect(res.body.pagination.total).toBe(2);
    expect(keys(await list('entity=ticket'))).toHaveLength(3);
    expect(keys(await list('entity=ticket,customer'))).toHaveLength(5);
  });

  it('pages with page and per_page', async () => {
    const res = await list('per_page=2&page=3');
    expect(keys(res)).toEqual(['customer:cost_center']);
    expect(res.body.pagination).toEqual({
      current_page: 3,
      per_page: 2,
      total: 5,
      total_pages: 3,
      has_next: false,
      has_prev: true,
    });
  });

  it('refuses an unknown entity or a bad per_page with 400', async () => {
    expectValidationError(await list('entity=agent'), [{ field: 'entity', message: 'Entity must be one of: ticket, customer' }]);
    expectValidationError(await list('per_page=0'), [{ field: 'per_page', message: 'Per page must be at least 1' }]);
  });
});

describe('POST /api/v1/custom-fields', () => {
  it('defines a select field and answers 201 with it', async () => {
    const res = await post({ ...browser, required: true, position: 5 });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      success: true,
      data: {
        id: expect.any(Number),
        entity: 'ticket',
        key: 'login_browser',
        label: 'Browser',
        type: 'select',
        options: ['Chrome 119', 'Firefox 128', 'Safari 17'],
        required: true,
        position: 5,
        created_at: expect.stringMatching(isoSeconds),
        updated_at: expect.stringMatching(isoSeconds),
      },
    });
    const read = await call('GET', `/api/v1/custom-fields/${res.body.data.id}`, { key: readKey });
    expect(read.body.data).toEqual(res.body.data);
  });

  it.each(['text', 'number', 'date', 'boolean'])('defines a %s field, not required by default, with options null', async (type) => {
    const res = await post({ entity: 'customer', key: `plain_${type}`, label: ` ${type} field `, type });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      entity: 'customer',
      key: `plain_${type}`,
      label: `${type} field`,
      type,
      options: null,
      required: false,
    });
  });

  it("puts a field without a position after its entity's last one", async () => {
    await createCustomField({ entity: 'customer', key: 'manager', position: 40 });
    await createCustomField({ entity: 'ticket', key: 'sla_tier', position: 70 });
    expect((await post({ entity: 'customer', key: 'region', label: 'Region', type: 'text' })).body.data.position).toBe(41);
    expect((await post({ entity: 'ticket', key: 'channel', label: 'Channel', type: 'text' })).body.data.position).toBe(71);
  });

  it('trims options and accepts keys with letters, digits, _ . and -', async () => {
    const res = await post({
      entity: 'ticket',
      key: 'App.Version-2_x',
      label: 'Version',
      type: 'select',
      options: [' 1.0 ', '2.0'],
    });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ key: 'App.Version-2_x', options: ['1.0', '2.0'] });
  });

  const field = (extra: Record<string, unknown>) => ({
    entity: 'ticket',
    key: 'priority_reason',
    label: 'Reason',
    type: 'text',
    ...extra,
  });
  it.each([
    ['a missing entity', field({ entity: undefined }), { field: 'entity', message: 'Entity is required' }],
    ['an unknown entity', field({ entity: 'agent' }), { field: 'entity', message: 'Entity must be one of: ticket, customer' }],
    ['a missing key', field({ key: undefined }), { field: 'key', message: 'Key is required' }],
    ['a key with a space', field({ key: 'order id' }), { field: 'key', message: 'Custom field keys are 1–64 letters, digits, _ . or -' }],
    ['an empty key', field({ key: '' }), { field: 'key', message: 'Custom field keys are 1–64 letters, digits, _ . or -' }],
    ['a key of 65 characters', field({ key: 'k'.repeat(65) }), { field: 'key', message: 'Custom field keys are 1–64 letters, digits, _ . or -' }],
    ['the key __proto__', field({ key: '__proto__' }), { field: 'key', message: 'Custom field keys must not be __proto__, constructor or prototype' }],
    ['the key constructor', field({ key: 'constructor' }), { field: 'key', message: 'Custom field keys must not be __proto__, constructor or prototype' }],
    ['the key prototype', field({ key: 'prototype' }), { field: 'key', message: 'Custom field keys must not be __proto__, constructor or prototype' }],
    ['a missing label', field({ label: undefined }), { field: 'label', message: 'Label is required' }],
    ['a blank label', field({ label: '  ' }), { field: 'label', message: 'Label must not be empty' }],
    ['a label over 100 characters', field({ label: 'l'.repeat(101) }), { field: 'label', message: 'Label must be at most 100 characters' }],
    ['an unknown type', field({ type: 'email' }), { field: 'type', message: 'Type must be one of: text, number, date, boolean, select' }],
    ['a select without options', field({ type: 'select' }), { field: 'options', message: 'Options are required for select fields' }],
    ['a select with null options', field({ type: 'select', options: null }), { field: 'options', message: 'Options are required for select fields' }],
    ['a select with no options', field({ type: 'select', options: [] }), { field: 'options', message: 'Options must have at least 1 item' }],
    [
      'a select with a repeated option',
      field({ type: 'select', options: ['Chrome', 'Safari', ' Chrome'] }),
      { field: 'options[2]', message: 'Option "Chrome" appears more than once' },
    ],
    ['a blank option', field({ type: 'select', options: ['Chrome', ' '] }), { field: 'options[1]', message: 'Options must not be empty' }],
    ['options that are not a list', field({ type: 'select', options: 'Chrome' }), { field: 'options', message: 'Options must be an array' }],
    ['options on a text field', field({ options: ['a'] }), { field: 'options', message: 'Options are only allowed for select fields' }],
    [
      'an empty options list on a number field',
      field({ type: 'number', options: [] }),
      { field: 'options', message: 'Options are only allowed for select fields' },
    ],
    ['required that is not a boolean', field({ required: 'yes' }), { field: 'required', message: 'Required must be a boolean' }],
    ['a negative position', field({ position: -1 }), { field: 'position', message: 'Position must be at least 0' }],
    ['a fractional position', field({ position: 1.5 }), { field: 'position', message: 'Position must be an integer' }],
  ])('refuses %s with 400 and writes nothing', async (_what, body, detail) => {
    const before = await definitionCount();
    expectValidationError(await post(body), [detail]);
    expect(await definitionCount()).toBe(before);
  });

  it('defines at most 100 fields per entity, answering 409 for one more', async () => {
    const customerFields = () => getDb().$count(customFieldDefinitions, eq(customFieldDefinitions.entity, 'customer'));
    const fillers = Array.from({ length: 100 - (await customerFields()) }, (_, i) => ({
      entity: 'customer' as const,
      key: `filler_${i}`,
      label: `Filler ${i}`,
      type: 'text' as const,
    }));
    await getDb().insert(customFieldDefinitions).values(fillers);
    try {
      const message = 'A customer may have at most 100 custom fields: delete one before defining another';
      expectError(await post({ entity: 'customer', key: 'one_more', label: 'One more', type: 'text' }), fieldConflict('entity', message));
      expect(await customerFields()).toBe(100);
      expect((await post({ entity: 'ticket', key: 'one_more', label: 'One more', type: 'text' })).status).toBe(201);
    } finally {
      // The other tests of this file share its database.
      await getDb()
        .delete(customFieldDefinitions)
        .where(and(eq(customFieldDefinitions.entity, 'customer'), like(customFieldDefinitions.key, 'filler\\_%')));
      await getDb()
        .delete(customFieldDefinitions)
        .where(inArray(customFieldDefinitions.key, ['one_more']));
    }
  });

  it('refuses a key its entity already has with 409, but allows it for the other entity and in another case', async () => {
    await post({ entity: 'ticket', key: 'order_id', label: 'Order', type: 'text' });
    expectError(
      await post({ entity: 'ticket', key: 'order_id', label: 'Order again', type: 'number' }),
      fieldConflict('key', 'A ticket custom field with key "order_id" already exists'),
    );
    expect((await post({ entity: 'customer', key: 'order_id', label: 'Order', type: 'text' })).status).toBe(201);
    expect((await post({ entity: 'ticket', key: 'Order_ID', label: 'Order (legacy)', type: 'text' })).status).toBe(201);
  });

  it('answers 409 with the same message when a concurrent request defines the key first', async () => {
    const res = await raceWithUncommitted(
      (tx) => tx.insert(customFieldDefinitions).values({ entity: 'customer', key: 'tier', label: 'Tier', type: 'text' }),
      () => post({ entity: 'customer', key: 'tier', label: 'Tier', type: 'text' }),
    );
    expectError(res, fieldConflict('key', 'A customer custom field with key "tier" already exists'));
  });
});

describe('methods', () => {
  it('answers 405 with an Allow header for methods the collection lacks', async () => {
    const res = await call('DELETE', '/api/v1/custom-fields', { key: adminKey });
    expectError(res, {
      status: 405,
      code: 'METHOD_NOT_ALLOWED',
      message: 'Method DELETE is not allowed here; allowed: GET, POST',
    });
    expect(res.headers.get('allow')).toBe('GET, POST');
  });
});
