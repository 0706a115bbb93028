import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { agentDepartments, categories, departments, tickets } from '@/db/schema';
import type { CategoryJson, DepartmentJson } from '@/lib/organisation/schema';
import { call } from '@/lib/test/api';
import { expectError, expectValidationError, isoSeconds } from '@/lib/test/expectations';
import { createTicket, createAgent, createKey, createCategory, createDepartment } from '@/lib/test/factories';
import { raceWithUncommitted } from '@/lib/test/races';

let adminKey: string;
let readKey: string;

beforeAll(async () => {
  adminKey = await createKey('admin');
  readKey = await createKey('read');
});

const path = (id: number | string) => `/api/v1/departments/${id}`;
const get = (id: number | string) => call<DepartmentJson>('GET', path(id), { key: readKey });
const put = (id: number | string, body: unknown) => call<DepartmentJson>('PUT', path(id), { key: adminKey, body });
const remove = (id: number | string) => call('DELETE', path(id), { key: adminKey });
const notFound = { status: 404, code: 'NOT_FOUND', message: 'Department not found' };

describe('GET /api/v1/departments/{id}', () => {
  it('answers 200 with the department and its ticket count', async () => {
    const department = await createDepartment({ name: 'Technical Support', description: 'Logins and errors' });
    await createTicket({ department_id: department.id });
    const res = await get(department.id);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      success: true,
      data: {
        id: department.id,
        name: 'Technical Support',
        description: 'Logins and errors',
        ticket_count: 1,
        created_at: expect.stringMatching(isoSeconds),
        updated_at: expect.stringMatching(isoSeconds),
      },
    });
  });

  it.each(['999999', 'abc', '0', '-1', '1.5', '99999999999'])('answers 404 for the id %s', async (id) => {
    expectError(await get(id), id === '999999' ? notFound : { status: 404, code: 'NOT_FOUND', message: 'Resource not found' });
  });
});

describe('PUT /api/v1/departments/{id}', () => {
  it('renames a department and keeps what was not sent', async () => {
    const department = await createDepartment({ name: 'Support', description: 'First line' });
    const res = await put(department.id, { name: '  Customer Support ' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      success: true,
      data: { ...department, name: 'Customer Support', updated_at: expect.stringMatching(isoSeconds) },
    });
    expect((await get(department.id)).body.data).toEqual(res.body.data);
  });

  it('changes and clears the description', async () => {
    const department = await createDepartment();
    expect((await put(department.id, { description: 'Second line' })).body.data.description).toBe('Second line');
    expect((await put(department.id, { description: null })).body.data.description).toBeNull();
  });

  it('accepts a department read with GET sent back unchanged', async () => {
    const department = await createDepartment({ description: 'Round trip' });
    const res = await put(department.id, (await get(department.id)).body.data);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ ...department, updated_at: expect.stringMatching(isoSeconds) });
  });

  it('lets a department change the case of its own name', async () => {
    const department = await createDepartment({ name: 'billing' });
    const res = await put(department.id, { name: 'Billing' });
    expect(res.status).toBe(200);
    expect(res.body.data.name).toBe('Billing');
  });

  it("refuses another department's name, in any case, with 409 and changes nothing", async () => {
    await createDepartment({ name: 'Sales' });
    const department = await createDepartment({ name: 'Presales' });
    expectError(await put(department.id, { name: 'SALES', description: 'Taken' }), {
      status: 409,
      code: 'CONFLICT',
      message: 'A department named "SALES" already exists',
    });
    expect((await get(department.id)).body.data).toEqual(department);
  });

  it('answers 409 with the same message when a concurrent request takes the name first', async () => {
    const department = await createDepartment();
    const res = await raceWithUncommitted(
      (tx) => tx.insert(departments).values({ name: 'Partners' }),
      () => put(department.id, { name: 'partners' }),
    );
    expectError(res, { status: 409, code: 'CONFLICT', message: 'A department named "partners" already exists' });
  });

  it.each([
    ['an empty body', {}, { field: '', message: 'Give at least one field to update' }],
    ['only unknown fields', { colour: 'blue' }, { field: '', message: 'Give at least one field to update' }],
    ['a blank name', { name: ' ' }, { field: 'name', message: 'Name must not be empty' }],
    ['a null name', { name: null }, { field: 'name', message: 'Name is required' }],
    ['a name over 100 characters', { name: 'y'.repeat(101) }, { field: 'name', message: 'Name must be at most 100 characters' }],
  ])('refuses %s with 400', async (_what, body, detail) => {
    const department = await createDepartment();
    expectValidationError(await put(department.id, body), [detail]);
    expect((await get(department.id)).body.data).toEqual(department);
  });

  it('answers 404 for an unknown department', async () => {
    expectError(await put(999_999, { name: 'Ghost' }), notFound);
  });
});

describe('DELETE /api/v1/departments/{id}', () => {
  it('deletes an unused department: 204 without a body, then 404', async () => {
    const department = await createDepartment();
    const res = await remove(department.id);
    expect(res.status).toBe(204);
    expect(res.body).toBeNull();
    expectError(await get(department.id), notFound);
    expectError(await remove(department.id), notFound);
  });

  it('refuses with 409 while tickets are filed under it, and keeps it', async () => {
    const department = await createDepartment({ name: 'Hardware' });
    await createTicket({ department_id: department.id });
    expectError(await remove(department.id), {
      status: 409,
      code: 'CONFLICT',
      message: 'Department "Hardware" is used by 1 ticket; move it to another department first',
    });
    await createTicket({ department_id: department.id });
    expectError(await remove(department.id), {
      status: 409,
      code: 'CONFLICT',
      message: 'Department "Hardware" is used by 2 tickets; move them to another department first',
    });
    expect((await get(department.id)).body.data.ticket_count).toBe(2);
  });

  it('can delete it once its tickets have moved elsewhere', async () => {
    const department = await createDepartment();
    const ticket = await createTicket({ department_id: department.id });
    await call('PUT', `/api/v1/tickets/${ticket.id}`, { key: adminKey, body: { department_id: null } });
    expect((await remove(department.id)).status).toBe(204);
  });

  it('counts a ticket being filed under it concurrently, instead of failing on the foreign key', async () => {
    const department = await createDepartment({ name: 'Field Service' });
    const res = await raceWithUncommitted(
      (tx) => tx.insert(tickets).values({ subject: 'Filed meanwhile', departmentId: department.id }),
      () => remove(department.id),
    );
    expectError(res, {
      status: 409,
      code: 'CONFLICT',
      message: 'Department "Field Service" is used by 1 ticket; move it to another department first',
    });
  });

  it('keeps its categories, now without a department, and drops agent memberships', async () => {
    const department = await createDepartment();
    const category = await createCategory({ department_id: department.id });
    const agent = await createAgent();
    await getDb().insert(agentDepartments).values({ agentId: agent.id, departmentId: department.id });

    expect((await remove(department.id)).status).toBe(204);

    const read = await call<CategoryJson>('GET', `/api/v1/categories/${category.id}`, { key: readKey });
    expect(read.body.data).toEqual({ ...category, department: null });
    expect(await getDb().$count(categories, eq(categories.id, category.id))).toBe(1);
    expect(await getDb().$count(agentDepartments, eq(agentDepartments.agentId, agent.id))).toBe(0);
  });

  it('answers 404 for an unknown department', async () => {
    expectError(await remove(999_999), notFound);
  });
});

describe('methods', () => {
  it('answers 405 with an Allow header for POST and PATCH', async () => {
    const department = await createDepartment();
    for (const method of ['POST', 'PATCH']) {
      const res = await call(method, path(department.id), { key: adminKey, body: { name: 'Nope' } });
      expectError(res, {
        status: 405,
        code: 'METHOD_NOT_ALLOWED',
        message: `Method ${method} is not allowed here; allowed: GET, PUT, DELETE`,
      });
      expect(res.headers.get('allow')).toBe('GET, PUT, DELETE');
    }
  });
});
