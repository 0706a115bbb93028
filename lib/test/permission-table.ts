import { describe, expect, it } from 'vitest';
import type { Permission } from '@/lib/context';
import { call } from '@/lib/test/api';
import { expectError } from '@/lib/test/expectations';
import { createKey } from '@/lib/test/factories';

/**
 * One operation of a permission table: method, path (`{id}` stands for the resource `make`
 * returns), the least key permission it needs, and its body when it has one: a function of that
 * id for a body that names the resource or must differ every call; FormData goes as multipart.
 */
export type PermissionRow = [method: string, path: string, needs: Permission, body?: unknown];

type PermissionTable = {
  rows: PermissionRow[];
  /** Makes the resource each call acts on, fresh for every call. */
  make: () => Promise<{ id: number }>;
  /** What a refused request must leave untouched. */
  snapshot: () => Promise<unknown>;
};

// The documented order: admin may do all that write may, write all that read may.
const ladder: Permission[] = ['read', 'write', 'admin'];
const reaches = (granted: Permission, needs: Permission) => ladder.indexOf(granted) >= ladder.indexOf(needs);
const successStatus: Record<string, number> = { GET: 200, POST: 201, PUT: 200, DELETE: 204 };

let keys: Promise<Record<Permission, string>> | undefined;

/** A read, a write and an admin key, made once per test file. */
export function permissionKeys(): Promise<Record<Permission, string>> {
  keys ??= (async () => ({ read: await createKey('read'), write: await createKey('write'), admin: await createKey('admin') }))();
  return keys;
}

function send(method: string, path: string, id: number, body: unknown, key: string | undefined) {
  const url = path.replace('{id}', String(id));
  const payload = typeof body === 'function' ? (body as (id: number) => unknown)(id) : body;
  return call(method, url, payload instanceof FormData ? { key, rawBody: payload } : { key, body: payload });
}

/**
 * Checks every row with every key: a key that reaches the row's permission succeeds, one below
 * it gets 403 naming the permission, none at all gets 401; refused requests change nothing.
 */
export function describePermissionTable(title: string, { rows, make, snapshot }: PermissionTable) {
  const operations = rows.map(([method, path, needs, body]) => ({ name: `${method} ${path}`, method, path, needs, body }));
  const withEachKey = operations.flatMap((op) => ladder.map((permission) => ({ ...op, permission })));

  describe(title, () => {
    it.each(withEachKey.filter((op) => reaches(op.permission, op.needs)))(
      '$name succeeds with a $permission key',
      async ({ method, path, body, permission }) => {
        const { id } = await make();
        const res = await send(method, path, id, body, (await permissionKeys())[permission]);
        expect(res.status).toBe(successStatus[method]);
        if (res.status === 204) expect(res.body).toBeNull();
        else expect(res.body.success).toBe(true);
      },
    );

    it.each(withEachKey.filter((op) => !reaches(op.permission, op.needs)))(
      '$name answers 403 FORBIDDEN with a $permission key and changes nothing',
      async ({ method, path, body, needs, permission }) => {
        const { id } = await make();
        const before = await snapshot();
        const res = await send(method, path, id, body, (await permissionKeys())[permission]);
        expectError(res, { status: 403, code: 'FORBIDDEN', message: `This action requires ${needs} permission` });
        expect(await snapshot()).toEqual(before);
      },
    );

    it.each(operations)('$name without credentials answers 401 with WWW-Authenticate and changes nothing', async ({ method, path, body }) => {
      const { id } = await make();
      const before = await snapshot();
      const res = await send(method, path, id, body, undefined);
      expectError(res, { status: 401, code: 'UNAUTHORIZED', message: 'Authentication required: send Authorization: Bearer <API key>' });
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
      expect(await snapshot()).toEqual(before);
    });
  });
}
