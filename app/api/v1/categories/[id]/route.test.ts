import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { categories, departments, tickets } from '@/db/schema';
import type { CategoryJson } from '@/lib/organisation/schema';
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

const path = (id: number | string) => `/api/v1/categories/${id}`;
const get = (id: number | string) => call<CategoryJson>('GET', path(id), { key: readKey });
const put = (id: number | string, body: unknown) => call<CategoryJson>('PUT', path(id), { key: adminKey, body });
const remove = (id: number | string) => call('DELETE', path(id), { key: adminKey });
const notFound = { status: 404, code: 'NOT_FOUND', message: 'Category not found' };

describe('GET /api/v1/categories/{id}', () => {
  it('answers 200 with the category, its department and its ticket count', async () => {
    const department = await createDepartment({ name: 'Technical Support' });
    const category = await createCategory({ name: 'Login Issues', description: 'Cannot sign in', department_id: department.id });
    await createTicket({ category_id: category.id });
    await createTicket({ category_id: category.id, department_id: department.id });
    const res = await get(category.id);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      success: true,
      data: {
        id: category.id,
        name: 'Login Issues',
        description: 'Cannot sign in',
        department: { id: department.id, name: 'Technical Support' },
        ticket_count: 2,
        created_at: expect.stringMatching(isoSeconds),
        updated_at: expect.stringMatching(isoSeconds),
      },
    });
  });

  it('answers 404 for an unknown category or an id that is not a positive integer', async () => {
    expectError(await get(999_999), notFound);
    expectError(await get('abc'), { status: 404, code: 'NOT_FOUND', message: 'Resource not found' });
  });
});

describe('PUT /api/v1/categories/{id}', () => {
  it('renames a category and keeps what was not sent', async () => {
    const department = await createDepartment();
    const category = await createCategory({ name: 'Logins', description: 'Sign-in problems', department_id: department.id });
    const res = await put(category.id, { name: 'Sign-in Issues' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      success: true,
      data: { ...category, name: 'Sign-in Issues', updated_at: expect.stringMatching(isoSeconds) },
    });
    expect((await get(category.id)).body.data).toEqual(res.body.data);
  });

  it('moves a category to another department, and out of any with null', async () => {
    const [from, to] = [await createDepartment(), await createDepartment({ name: 'Billing' })];
    const category = await createCategory({ department_id: from.id });
    expect((await put(category.id, { department_id: to.id })).body.data.department).toEqual({ id: to.id, name: 'Billing' });
    expect((await put(category.id, { department_id: null })).body.data.department).toBeNull();
    expect((await put(category.id, { description: 'Still none' })).body.data.department).toBeNull();
  });

  it('refuses an unknown department_id with 400 on that field and changes nothing', async () => {
    const category = await createCategory();
    expectValidationError(await put(category.id, { name: 'Moved', department_id: 999_999 }), [
      { field: 'department_id', message: 'Department 999999 does not exist' },
    ]);
    expect((await get(category.id)).body.data).toEqual(category);
  });

  it('lets a category change the case of its own name but not take another one', async () => {
    await createCategory({ name: 'Hardware' });
    const category = await createCategory({ name: 'software' });
    expect((await put(category.id, { name: 'Software' })).body.data.name).toBe('Software');
    expectError(await put(category.id, { name: 'hardware' }), {
      status: 409,
      code: 'CONFLICT',
      message: 'A category named "hardware" already exists',
    });
    expect((await get(category.id)).body.data.name).toBe('Software');
  });

  it('answers 409 with the same message when a concurrent request takes the name first', async () => {
    const category = await createCategory();
    const res = await raceWithUncommitted(
      (tx) => tx.insert(categories).values({ name: 'Warranty' }),
      () => put(category.id, { name: 'WARRANTY' }),
    );
    expectError(res, { status: 409, code: 'CONFLICT', message: 'A category named "WARRANTY" already exists' });
  });

  it('answers 400 on department_id, not a foreign key failure, when that department is being deleted concurrently', async () => {
    const department = await createDepartment();
    const category = await createCategory();
    const res = await raceWithUncommitted(
      (tx) => tx.delete(departments).where(eq(departments.id, department.id)),
      () => put(category.id, { department_id: department.id }),
    );
    expectValidationError(res, [{ field: 'department_id', message: `Department ${department.id} does not exist` }]);
    expect((await get(category.id)).body.data).toEqual(category);
  });

  it.each([
    ['an empty body', {}, { field: '', message: 'Give at least one field to update' }],
    ['a blank name', { name: '' }, { field: 'name', message: 'Name must not be empty' }],
    ['a department_id that is not an integer', { department_id: 1.5 }, { field: 'department_id', message: 'Department ID must be an integer' }],
  ])('refuses %s with 400', async (_what, body, detail) => {
    const category = await createCategory();
    expectValidationError(await put(category.id, body), [detail]);
  });

  it('answers 404 for an unknown category', async () => {
    expectError(await put(999_999, { name: 'Ghost' }), notFound);
  });
});

describe('DELETE /api/v1/categories/{id}', () => {
  it('deletes an unused category: 204 without a body, then 404', async () => {
    const category = await createCategory();
    const res = await remove(category.id);
    expect(res.status).toBe(204);
    expect(res.body).toBeNull();
    expectError(await get(category.id), notFound);
  });

  it('refuses with 409 while tickets are filed under it, and keeps it', async () => {
    const category = await createCategory({ name: 'Refund Requests' });
    for (let i = 0; i < 3; i++) await createTicket({ category_id: category.id });
    expectError(await remove(category.id), {
      status: 409,
      code: 'CONFLICT',
      message: 'Category "Refund Requests" is used by 3 tickets; move them to another category first',
    });
    expect((await get(category.id)).body.data.ticket_count).toBe(3);
  });

  it('counts a ticket being filed under it concurrently', async () => {
    const category = await createCategory({ name: 'Late Filing' });
    const res = await raceWithUncommitted(
      (tx) => tx.insert(tickets).values({ subject: 'Filed meanwhile', categoryId: category.id }),
      () => remove(category.id),
    );
    expectError(res, {
      status: 409,
      code: 'CONFLICT',
      message: 'Category "Late Filing" is used by 1 ticket; move it to another category first',
    });
  });

  it('answers 404 for an unknown category', async () => {
    expectError(await remove(999_999), notFound);
  });
});

describe('methods', () => {
  it('answers 405 with an Allow header for POST and PATCH', async () => {
    const category = await createCategory();
    for (const method of ['POST', 'PATCH']) {
      const res = await call(method, path(category.id), { key: adminKey, body: { name: 'Nope' } });
      expectError(res, {
        status: 405,
        code: 'METHOD_NOT_ALLOWED',
        message: `Method ${method} is not allowed here; allowed: GET, PUT, DELETE`,
      });
      expect(res.headers.get('allow')).toBe('GET, PUT, DELETE');
    }
  });
});
