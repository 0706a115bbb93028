import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { categories, departments, tickets } from '@/db/schema';
import type { DepartmentJson } from '@/lib/organisation/schema';
import { call } from '@/lib/test/api';
import { expectError, expectValidationError, isoSeconds } from '@/lib/test/expectations';
import { createTicket, createKey, createDepartment } from '@/lib/test/factories';
import { raceWithUncommitted } from '@/lib/test/races';

let adminKey: string;
let readKey: string;

beforeAll(async () => {
  adminKey = await createKey('admin');
  readKey = await createKey('read');
});

const post = (body: unknown) => call<DepartmentJson>('POST', '/api/v1/departments', { key: adminKey, body });
const list = (query = '') => call<DepartmentJson[]>('GET', `/api/v1/departments?${query}`, { key: readKey });
const names = (res: { body: { data: DepartmentJson[] } }) => res.body.data.map((d) => d.name);
const departmentCount = () => getDb().$count(departments);

describe('GET /api/v1/departments', () => {
  beforeAll(async () => {
    // This file's database is its own: start the list from a known set.
    await getDb().delete(tickets);
    await getDb().delete(categories);
    await getDb().delete(departments);
    for (const name of ['technical Support', 'Billing', 'accounts', 'Customer Success', 'Sales']) await createDepartment({ name });
  });

  it('lists departments by name whatever their case, with the pagination object', async () => {
    const res = await list();
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      success: true,
      data: expect.any(Array),
      pagination: { current_page: 1, per_page: 25, total: 5, total_pages: 1, has_next: false, has_prev: false },
    });
    expect(names(res)).toEqual(['accounts', 'Billing', 'Customer Success', 'Sales', 'technical Support']);
  });

  it('gives each item the full shape with a live ticket_count', async () => {
    const billing = (await list()).body.data.find((d) => d.name === 'Billing')!;
    await createTicket({ department_id: billing.id });
    await createTicket({ department_id: billing.id });
    const res = await list();
    expect(res.body.data.find((d) => d.id === billing.id)).toEqual({
      id: billing.id,
      name: 'Billing',
      description: null,
      ticket_count: 2,
      created_at: expect.stringMatching(isoSeconds),
      updated_at: expect.stringMatching(isoSeconds),
    });
    expect(res.body.data.filter((d) => d.id !== billing.id).map((d) => d.ticket_count)).toEqual([0, 0, 0, 0]);
  });

  it('pages with page and per_page', async () => {
    const second = await list('per_page=2&page=2');
    expect(names(second)).toEqual(['Customer Success', 'Sales']);
    expect(second.body.pagination).toEqual({
      current_page: 2,
      per_page: 2,
      total: 5,
      total_pages: 3,
      has_next: true,
      has_prev: true,
    });
    const beyond = await list('per_page=2&page=4');
    expect(beyond.body.data).toEqual([]);
    expect(beyond.body.pagination).toEqual({
      current_page: 4,
      per_page: 2,
      total: 5,
      total_pages: 3,
      has_next: false,
      has_prev: true,
    });
  });

  it('refuses per_page over 100 and a page below 1 with 400', async () => {
    expectValidationError(await list('per_page=101'), [{ field: 'per_page', message: 'Per page must be at most 100' }]);
    expectValidationError(await list('page=0'), [{ field: 'page', message: 'Page must be at least 1' }]);
    expectValidationError(await list('page=x'), [{ field: 'page', message: 'Must be a whole number' }]);
  });
});

describe('POST /api/v1/departments', () => {
  it('creates a department and answers 201 with it', async () => {
    const res = await post({ name: 'Product Support', description: 'Product and login problems' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      success: true,
      data: {
        id: expect.any(Number),
        name: 'Product Support',
        description: 'Product and login problems',
        ticket_count: 0,
        created_at: expect.stringMatching(isoSeconds),
        updated_at: expect.stringMatching(isoSeconds),
      },
    });
    const read = await call('GET', `/api/v1/departments/${res.body.data.id}`, { key: readKey });
    expect(read.body.data).toEqual(res.body.data);
  });

  it('trims the name and leaves the description null when none is given', async () => {
    const res = await post({ name: '  Returns  ' });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ name: 'Returns', description: null });
  });

  it.each([
    ['a missing name', {}, { field: 'name', message: 'Name is required' }],
    ['a null name', { name: null }, { field: 'name', message: 'Name is required' }],
    ['a blank name', { name: '   ' }, { field: 'name', message: 'Name must not be empty' }],
    ['a name over 100 characters', { name: 'x'.repeat(101) }, { field: 'name', message: 'Name must be at most 100 characters' }],
    ['a name that is not text', { name: 42 }, { field: 'name', message: 'Name must be a string' }],
    ['a NUL character in the name', { name: 'Bad\u0000name' }, { field: 'name', message: 'Must not contain NUL characters' }],
    [
      'a description over 1000 characters',
      { name: 'Long', description: 'x'.repeat(1001) },
      { field: 'description', message: 'Description must be at most 1000 characters' },
    ],
  ])('refuses %s with 400 and writes nothing', async (_what, body, detail) => {
    const before = await departmentCount();
    expectValidationError(await post(body), [detail]);
    expect(await departmentCount()).toBe(before);
  });

  it('accepts a name of exactly 100 characters after trimming', async () => {
    const res = await post({ name: ` ${'n'.repeat(100)} ` });
    expect(res.status).toBe(201);
    expect(res.body.data.name).toBe('n'.repeat(100));
  });

  it('refuses a name another department has, in any case, with 409 CONFLICT', async () => {
    await post({ name: 'Escalations' });
    const before = await departmentCount();
    expectError(await post({ name: ' ESCALATIONS ' }), {
      status: 409,
      code: 'CONFLICT',
      message: 'A department named "ESCALATIONS" already exists',
    });
    expect(await departmentCount()).toBe(before);
  });

  it('answers 409 with the same message when a concurrent request takes the name first', async () => {
    const res = await raceWithUncommitted(
      (tx) => tx.insert(departments).values({ name: 'Onboarding' }),
      () => post({ name: 'onboarding' }),
    );
    expectError(res, { status: 409, code: 'CONFLICT', message: 'A department named "onboarding" already exists' });
  });
});

describe('methods', () => {
  it('answers 405 with an Allow header for methods the collection lacks', async () => {
    for (const method of ['PUT', 'PATCH', 'DELETE']) {
      const res = await call(method, '/api/v1/departments', { key: adminKey, body: { name: 'Nope' } });
      expectError(res, {
        status: 405,
        code: 'METHOD_NOT_ALLOWED',
        message: `Method ${method} is not allowed here; allowed: GET, POST`,
      });
      expect(res.headers.get('allow')).toBe('GET, POST');
    }
  });
});
