import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { categories, customFieldDefinitions, departments, events } from '@/db/schema';
import { call, type ApiResult } from '@/lib/test/api';
import { expectError } from '@/lib/test/expectations';
import { createKey } from '@/lib/test/factories';
import { categoryFixture, customFieldFixture, departmentFixture, uniqueName } from '@/lib/test/organisation';

type Permission = 'read' | 'write' | 'admin';

// Departments, categories and custom field definitions are settings: any key reads them, only admin keys change them.
type Resource = {
  path: string;
  make: () => Promise<{ id: number }>;
  createBody: () => Record<string, unknown>;
  updateBody: Record<string, unknown>;
};

const resources: Resource[] = [
  {
    path: 'departments',
    make: () => departmentFixture(),
    createBody: () => ({ name: uniqueName('Desk') }),
    updateBody: { description: 'Changed' },
  },
  {
    path: 'categories',
    make: () => categoryFixture(),
    createBody: () => ({ name: uniqueName('Topic') }),
    updateBody: { description: 'Changed' },
  },
  {
    path: 'custom-fields',
    make: () => customFieldFixture({ entity: 'customer' }),
    createBody: () => ({ entity: 'customer', key: uniqueName('field').replace(' ', '_'), label: 'Field', type: 'text' }),
    updateBody: { label: 'Changed' },
  },
];

type Operation = {
  name: string;
  make: Resource['make'];
  needs: Permission;
  success: number;
  request: (key: string | undefined, id: number) => Promise<ApiResult<unknown>>;
};

const operations: Operation[] = resources.flatMap(({ path, make, createBody, updateBody }) => {
  const one = (id: number) => `/api/v1/${path}/${id}`;
  const list: Omit<Operation, 'make'>[] = [
    { name: `GET /${path}`, needs: 'read', success: 200, request: (key) => call('GET', `/api/v1/${path}`, { key }) },
    { name: `GET /${path}/{id}`, needs: 'read', success: 200, request: (key, id) => call('GET', one(id), { key }) },
    {
      name: `POST /${path}`,
      needs: 'admin',
      success: 201,
      request: (key) => call('POST', `/api/v1/${path}`, { key, body: createBody() }),
    },
    {
      name: `PUT /${path}/{id}`,
      needs: 'admin',
      success: 200,
      request: (key, id) => call('PUT', one(id), { key, body: updateBody }),
    },
    { name: `DELETE /${path}/{id}`, needs: 'admin', success: 204, request: (key, id) => call('DELETE', one(id), { key }) },
  ];
  return list.map((op) => ({ ...op, make }));
});

const keys = {} as Record<Permission, string>;

beforeAll(async () => {
  for (const permission of ['read', 'write', 'admin'] as const) keys[permission] = await createKey(permission);
});

/** What a refused request must leave untouched. */
const snapshot = async () => ({
  departments: await getDb().select().from(departments),
  categories: await getDb().select().from(categories),
  customFields: await getDb().select().from(customFieldDefinitions),
  events: await getDb().$count(events),
});

describe('organisation endpoints by key permission', () => {
  const permissions = ['read', 'write', 'admin'] as const;
  const allowed = operations.flatMap((op) =>
    permissions.filter((p) => op.needs === 'read' || p === 'admin').map((permission) => ({ ...op, permission })),
  );
  const refused = operations
    .filter((op) => op.needs === 'admin')
    .flatMap((op) => (['read', 'write'] as const).map((permission) => ({ ...op, permission })));

  it.each(allowed)('$name succeeds with a $permission key', async ({ make, request, success, permission }) => {
    const { id } = await make();
    const res = await request(keys[permission], id);
    expect(res.status).toBe(success);
    if (success === 204) expect(res.body).toBeNull();
    else expect(res.body.success).toBe(true);
  });

  it.each(refused)(
    '$name answers 403 FORBIDDEN with a $permission key and changes nothing',
    async ({ make, request, permission }) => {
      const { id } = await make();
      const before = await snapshot();
      expectError(await request(keys[permission], id), {
        status: 403,
        code: 'FORBIDDEN',
        message: 'This action requires admin permission',
      });
      expect(await snapshot()).toEqual(before);
    },
  );

  it.each(operations)(
    '$name without credentials answers 401 with WWW-Authenticate and changes nothing',
    async ({ make, request }) => {
      const { id } = await make();
      const before = await snapshot();
      const res = await request(undefined, id);
      expectError(res, {
        status: 401,
        code: 'UNAUTHORIZED',
        message: 'Authentication required: send Authorization: Bearer <API key>',
      });
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
      expect(await snapshot()).toEqual(before);
    },
  );
});
