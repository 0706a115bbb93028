import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { categories, tickets } from '@/db/schema';
import type { CategoryJson, DepartmentJson } from '@/lib/organisation/schema';
import { call } from '@/lib/test/api';
import { expectError, expectValidationError, isoSeconds } from '@/lib/test/expectations';
import { createTicket, createKey, createCategory, createDepartment } from '@/lib/test/factories';
import { raceWithUncommitted } from '@/lib/test/races';

let adminKey: string;
let readKey: string;

beforeAll(async () => {
  adminKey = await createKey('admin');
  readKey = await createKey('read');
});

const post = (body: unknown) => call<CategoryJson>('POST', '/api/v1/categories', { key: adminKey, body });
const list = (query = '') => call<CategoryJson[]>('GET', `/api/v1/categories?${query}`, { key: readKey });
const names = (res: { body: { data: CategoryJson[] } }) => res.body.data.map((c) => c.name);
const categoryCount = () => getDb().$count(categories);

describe('GET /api/v1/categories', () => {
  let support: DepartmentJson;
  let billing: DepartmentJson;

  beforeAll(async () => {
    // This file's database is its own: start the list from a known set.
    await getDb().delete(tickets);
    await getDb().delete(categories);
    support = await createDepartment({ name: 'Technical Support' });
    billing = await createDepartment({ name: 'Billing' });
    await createCategory({ name: 'login Issues', department_id: support.id });
    await createCategory({ name: 'Invoices', department_id: billing.id });
    await createCategory({ name: 'Errors', department_id: support.id });
    await createCategory({ name: 'feature requests' });
  });

  it('lists categories by name whatever their case, each with its department, with the pagination object', async () => {
    const res = await list();
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      success: true,
      data: expect.any(Array),
      pagination: { current_page: 1, per_page: 25, total: 4, total_pages: 1, has_next: false, has_prev: false },
    });
    expect(names(res)).toEqual(['Errors', 'feature requests', 'Invoices', 'login Issues']);
    expect(res.body.data.map((c) => c.department)).toEqual([
      { id: support.id, name: 'Technical Support' },
      null,
      { id: billing.id, name: 'Billing' },
      { id: support.id, name: 'Technical Support' },
    ]);
  });

  it('gives each item the full shape with a live ticket_count', async () => {
    const invoices = (await list()).body.data.find((c) => c.name === 'Invoices')!;
    await createTicket({ category_id: invoices.id });
    const res = await list();
    expect(res.body.data.find((c) => c.id === invoices.id)).toEqual({
      id: invoices.id,
      name: 'Invoices',
      description: null,
      department: { id: billing.id, name: 'Billing' },
      ticket_count: 1,
      created_at: expect.stringMatching(isoSeconds),
      updated_at: expect.stringMatching(isoSeconds),
    });
    expect(res.body.data.filter((c) => c.id !== invoices.id).map((c) => c.ticket_count)).toEqual([0, 0, 0]);
  });

  it('filters by department_id, one or a comma list', async () => {
    const one = await list(`department_id=${support.id}`);
    expect(names(one)).toEqual(['Errors', 'login Issues']);
    expect(one.body.pagination.total).toBe(2);
    expect(names(await list(`department_id=${support.id},${billing.id}`))).toEqual(['Errors', 'Invoices', 'login Issues']);
    expect(names(await list('department_id=999999'))).toEqual([]);
  });

  it('pages with page and per_page', async () => {
    const res = await list('per_page=3&page=2');
    expect(names(res)).toEqual(['login Issues']);
    expect(res.body.pagination).toEqual({
      current_page: 2,
      per_page: 3,
      total: 4,
      total_pages: 2,
      has_next: false,
      has_prev: true,
    });
  });

  it('refuses a bad department_id or per_page with 400', async () => {
    expectValidationError(await list('department_id=abc'), [{ field: 'department_id', message: 'Must be a whole number' }]);
    expectValidationError(await list('per_page=101'), [{ field: 'per_page', message: 'Per page must be at most 100' }]);
  });
});

describe('POST /api/v1/categories', () => {
  it('creates a category in a department and answers 201 with it', async () => {
    const department = await createDepartment({ name: 'Accounts' });
    const res = await post({ name: ' Password Resets ', description: 'Locked out', department_id: department.id });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      success: true,
      data: {
        id: expect.any(Number),
        name: 'Password Resets',
        description: 'Locked out',
        department: { id: department.id, name: 'Accounts' },
        ticket_count: 0,
        created_at: expect.stringMatching(isoSeconds),
        updated_at: expect.stringMatching(isoSeconds),
      },
    });
    expect((await call('GET', `/api/v1/categories/${res.body.data.id}`, { key: readKey })).body.data).toEqual(res.body.data);
  });

  it('creates a category without a department', async () => {
    for (const body of [{ name: 'Other' }, { name: 'Misc', department_id: null }]) {
      const res = await post(body);
      expect(res.status).toBe(201);
      expect(res.body.data).toMatchObject({ name: body.name, description: null, department: null });
    }
  });

  it('refuses an unknown department_id with 400 on that field and writes nothing', async () => {
    const before = await categoryCount();
    expectValidationError(await post({ name: 'Orphan', department_id: 999_999 }), [{ field: 'department_id', message: 'Department 999999 does not exist' }]);
    expect(await categoryCount()).toBe(before);
  });

  it.each([
    ['a missing name', {}, { field: 'name', message: 'Name is required' }],
    ['a blank name', { name: '\t ' }, { field: 'name', message: 'Name must not be empty' }],
    ['a name over 100 characters', { name: 'c'.repeat(101) }, { field: 'name', message: 'Name must be at most 100 characters' }],
    ['a department_id that is not an integer', { name: 'X', department_id: 'two' }, { field: 'department_id', message: 'Department ID must be a number' }],
    ['a department_id of 0', { name: 'X', department_id: 0 }, { field: 'department_id', message: 'Department ID must be greater than 0' }],
  ])('refuses %s with 400 and writes nothing', async (_what, body, detail) => {
    const before = await categoryCount();
    expectValidationError(await post(body), [detail]);
    expect(await categoryCount()).toBe(before);
  });

  it('refuses a name another category has, in any case, with 409 CONFLICT', async () => {
    await post({ name: 'Refunds' });
    expectError(await post({ name: 'REFUNDS' }), {
      status: 409,
      code: 'CONFLICT',
      message: 'A category named "REFUNDS" already exists',
    });
  });

  it('keeps category names unique across departments, but apart from department names', async () => {
    const [a, b] = [await createDepartment(), await createDepartment()];
    expect((await post({ name: 'Outages', department_id: a.id })).status).toBe(201);
    expect((await post({ name: 'Outages', department_id: b.id })).status).toBe(409);
    expect((await post({ name: a.name })).status).toBe(201);
  });

  it('answers 409 with the same message when a concurrent request takes the name first', async () => {
    const res = await raceWithUncommitted(
      (tx) => tx.insert(categories).values({ name: 'Shipping' }),
      () => post({ name: 'shipping' }),
    );
    expectError(res, { status: 409, code: 'CONFLICT', message: 'A category named "shipping" already exists' });
  });
});

describe('methods', () => {
  it('answers 405 with an Allow header for methods the collection lacks', async () => {
    for (const method of ['PUT', 'PATCH', 'DELETE']) {
      const res = await call(method, '/api/v1/categories', { key: adminKey, body: { name: 'Nope' } });
      expectError(res, {
        status: 405,
        code: 'METHOD_NOT_ALLOWED',
        message: `Method ${method} is not allowed here; allowed: GET, POST`,
      });
      expect(res.headers.get('allow')).toBe('GET, POST');
    }
  });
});
