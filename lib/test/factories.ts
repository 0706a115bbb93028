import { getDb } from '@/db/client';
import { agents, categories, customers, departments } from '@/db/schema';
import { createApiKey } from '@/lib/api-keys/service';
import { systemContext } from '@/lib/context';
import type { CreateApiKeyInput } from '@/lib/api-keys/schema';

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

export async function createKey(permission: 'read' | 'write' | 'admin', extra: Partial<CreateApiKeyInput> = {}, agentId?: number) {
  const system = systemContext(getDb(), 'test-fixture');
  const ctx = agentId ? { ...system, actor: { type: 'agent' as const, agentId, permission: 'admin' as const } } : system;
  const created = await createApiKey(ctx, { name: `${permission} key`, permission, ...extra });
  return created.key;
}

export async function createAgent(overrides: Partial<typeof agents.$inferInsert> = {}) {
  const [agent] = await getDb()
    .insert(agents)
    .values({ firstName: 'Sarah', lastName: 'Johnson', email: `agent-${unique()}@example.com`, ...overrides })
    .returning();
  return agent!;
}

export async function createCustomer(overrides: Partial<typeof customers.$inferInsert> = {}) {
  const [customer] = await getDb()
    .insert(customers)
    .values({
      firstName: 'John',
      lastName: 'Smith',
      email: `customer-${unique()}@example.com`,
      organization: 'Acme Corporation',
      ...overrides,
    })
    .returning();
  return customer!;
}

export async function createDepartment(name = `Technical Support ${unique()}`) {
  const [department] = await getDb().insert(departments).values({ name }).returning();
  return department!;
}

export async function createCategory(name = `Login Issues ${unique()}`, departmentId?: number) {
  const [category] = await getDb().insert(categories).values({ name, departmentId }).returning();
  return category!;
}
