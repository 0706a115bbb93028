import { getDb } from '@/db/client';
import { categories, customFieldDefinitions, departments, events } from '@/db/schema';
import { createCategory, createCustomField, createDepartment, uniqueName } from '@/lib/test/factories';
import { describePermissionTable, type PermissionRow } from '@/lib/test/permission-table';

// Departments, categories and custom field definitions are settings: any key reads them, only admin keys change them.
const settingRows = (path: string, createBody: () => Record<string, unknown>, updateBody: Record<string, unknown>): PermissionRow[] => [
  ['GET', `/api/v1/${path}`, 'read'],
  ['GET', `/api/v1/${path}/{id}`, 'read'],
  ['POST', `/api/v1/${path}`, 'admin', createBody],
  ['PUT', `/api/v1/${path}/{id}`, 'admin', updateBody],
  ['DELETE', `/api/v1/${path}/{id}`, 'admin'],
];

/** What a refused request must leave untouched. */
const snapshot = async () => ({
  departments: await getDb().select().from(departments),
  categories: await getDb().select().from(categories),
  customFields: await getDb().select().from(customFieldDefinitions),
  events: await getDb().$count(events),
});

describePermissionTable('department endpoints by key permission', {
  rows: settingRows('departments', () => ({ name: uniqueName('Desk') }), { description: 'Changed' }),
  make: () => createDepartment(),
  snapshot,
});

describePermissionTable('category endpoints by key permission', {
  rows: settingRows('categories', () => ({ name: uniqueName('Topic') }), { description: 'Changed' }),
  make: () => createCategory(),
  snapshot,
});

describePermissionTable('custom field endpoints by key permission', {
  rows: settingRows('custom-fields', () => ({ entity: 'customer', key: uniqueName('field').replace(' ', '_'), label: 'Field', type: 'text' }), {
    label: 'Changed',
  }),
  make: () => createCustomField({ entity: 'customer' }),
  snapshot,
});
