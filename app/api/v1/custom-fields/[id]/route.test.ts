import { beforeAll, describe, expect, it } from 'vitest';
import type { CustomFieldJson } from '@/lib/custom-fields/schema';
import { call } from '@/lib/test/api';
import { expectError, expectValidationError, isoSeconds } from '@/lib/test/expectations';
import { createTicket, createKey, createCustomField } from '@/lib/test/factories';
import type { TicketJson } from '@/lib/tickets/schema';

let adminKey: string;
let readKey: string;

beforeAll(async () => {
  adminKey = await createKey('admin');
  readKey = await createKey('read');
});

const path = (id: number | string) => `/api/v1/custom-fields/${id}`;
const get = (id: number | string) => call<CustomFieldJson>('GET', path(id), { key: readKey });
const put = (id: number | string, body: unknown) => call<CustomFieldJson>('PUT', path(id), { key: adminKey, body });
const remove = (id: number | string) => call('DELETE', path(id), { key: adminKey });
const notFound = { status: 404, code: 'NOT_FOUND', message: 'Custom field not found' };
// Customer fields, so that those made required here do not hold up the ticket fixtures below.
const selectField = () => createCustomField({ entity: 'customer', type: 'select', label: 'Browser', options: ['Chrome 119', 'Firefox 128'] });

describe('GET /api/v1/custom-fields/{id}', () => {
  it('answers 200 with the definition', async () => {
    const field = await createCustomField({
      entity: 'customer',
      key: 'cost_center',
      label: 'Cost center',
      required: true,
      position: 3,
    });
    const res = await get(field.id);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      success: true,
      data: {
        id: field.id,
        entity: 'customer',
        key: 'cost_center',
        label: 'Cost center',
        type: 'text',
        options: null,
        required: true,
        position: 3,
        created_at: expect.stringMatching(isoSeconds),
        updated_at: expect.stringMatching(isoSeconds),
      },
    });
  });

  it('answers 404 for an unknown definition or an id that is not a positive integer', async () => {
    expectError(await get(999_999), notFound);
    expectError(await get('browser'), { status: 404, code: 'NOT_FOUND', message: 'Resource not found' });
  });
});

describe('PUT /api/v1/custom-fields/{id}', () => {
  it('changes label, options, required and position, and keeps the rest', async () => {
    const field = await selectField();
    const res = await put(field.id, { label: ' Web browser ', options: ['Chrome 120', 'Edge 120'], required: true, position: 9 });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      success: true,
      data: {
        ...field,
        label: 'Web browser',
        options: ['Chrome 120', 'Edge 120'],
        required: true,
        position: 9,
        updated_at: expect.stringMatching(isoSeconds),
      },
    });
    expect((await get(field.id)).body.data).toEqual(res.body.data);
  });

  it('changes one thing at a time', async () => {
    const field = await createCustomField({ entity: 'customer', type: 'number', label: 'Seats' });
    expect((await put(field.id, { required: true })).body.data).toMatchObject({ label: 'Seats', required: true, options: null });
    expect((await put(field.id, { position: 0 })).body.data).toMatchObject({ required: true, position: 0 });
  });

  it('accepts a definition read with GET sent back, entity, key and type included', async () => {
    for (const field of [await selectField(), await createCustomField({ type: 'date' })]) {
      const res = await put(field.id, { ...(await get(field.id)).body.data, label: 'Renamed' });
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual({ ...field, label: 'Renamed', updated_at: expect.stringMatching(isoSeconds) });
    }
  });

  it('refuses to change entity, key or type with 400 on each field, changing nothing', async () => {
    const field = await selectField();
    expectValidationError(await put(field.id, { entity: 'ticket', key: 'browser_v2', type: 'text', label: 'Changed' }), [
      { field: 'entity', message: 'Entity cannot be changed; define a new field instead' },
      { field: 'key', message: 'Key cannot be changed; define a new field instead' },
      { field: 'type', message: 'Type cannot be changed; define a new field instead' },
    ]);
    expect((await get(field.id)).body.data).toEqual(field);
  });

  it.each([
    ['null options on a select field', 'select', { options: null }, { field: 'options', message: 'Options are required for select fields' }],
    ['no options on a select field', 'select', { options: [] }, { field: 'options', message: 'Options must have at least 1 item' }],
    ['a repeated option', 'select', { options: ['Chrome 119', 'Chrome 119'] }, { field: 'options[1]', message: 'Option "Chrome 119" appears more than once' }],
    ['options on a text field', 'text', { options: ['a'] }, { field: 'options', message: 'Options are only allowed for select fields' }],
    ['an empty body', 'text', {}, { field: '', message: 'Give at least one field to update' }],
    ['a blank label', 'text', { label: '' }, { field: 'label', message: 'Label must not be empty' }],
    ['a key that is not a valid key', 'text', { key: 'no spaces' }, { field: 'key', message: 'Custom field keys are 1–64 letters, digits, _ . or -' }],
    ['a position over 1000000', 'text', { position: 1_000_001 }, { field: 'position', message: 'Position must be at most 1000000' }],
  ] as const)('refuses %s with 400', async (_what, type, body, detail) => {
    const field = type === 'select' ? await selectField() : await createCustomField();
    expectValidationError(await put(field.id, body), [detail]);
    expect((await get(field.id)).body.data).toEqual(field);
  });

  it('accepts null options on a field that has none', async () => {
    const field = await createCustomField({ type: 'boolean' });
    expect((await put(field.id, { options: null, label: 'VIP' })).body.data).toMatchObject({ label: 'VIP', options: null });
  });

  it('answers 404 for an unknown definition', async () => {
    expectError(await put(999_999, { label: 'Ghost' }), notFound);
  });
});

describe('DELETE /api/v1/custom-fields/{id}', () => {
  it('deletes the definition: 204 without a body, then 404', async () => {
    const field = await createCustomField();
    const res = await remove(field.id);
    expect(res.status).toBe(204);
    expect(res.body).toBeNull();
    expectError(await get(field.id), notFound);
    expectError(await remove(field.id), notFound);
  });

  it('leaves the values stored under its key on tickets alone', async () => {
    const field = await createCustomField({ key: 'legacy_code', label: 'Legacy code' });
    const ticket = await createTicket({ custom_fields: { legacy_code: 'LC-7', other: 1 } });
    expect((await remove(field.id)).status).toBe(204);
    const read = await call<TicketJson>('GET', `/api/v1/tickets/${ticket.id}`, { key: readKey });
    expect(read.body.data.custom_fields).toEqual({ legacy_code: 'LC-7', other: 1 });
  });

  it('answers 404 for an unknown definition', async () => {
    expectError(await remove(999_999), notFound);
  });
});

describe('methods', () => {
  it('answers 405 with an Allow header for POST and PATCH', async () => {
    const field = await createCustomField();
    for (const method of ['POST', 'PATCH']) {
      const res = await call(method, path(field.id), { key: adminKey, body: { label: 'Nope' } });
      expectError(res, {
        status: 405,
        code: 'METHOD_NOT_ALLOWED',
        message: `Method ${method} is not allowed here; allowed: GET, PUT, DELETE`,
      });
      expect(res.headers.get('allow')).toBe('GET, PUT, DELETE');
    }
  });
});
