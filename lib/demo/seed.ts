import { randomBytes } from 'node:crypto';
import { count, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { agents, categories, customers, departments } from '@/db/schema';
import { createAgentSchema } from '@/lib/agents/schema';
import { createAgent } from '@/lib/agents/service';
import { createApiKey } from '@/lib/api-keys/service';
import { systemContext } from '@/lib/context';
import { addReply } from '@/lib/tickets/replies';
import { recordSatisfaction } from '@/lib/tickets/satisfaction';
import { createTickets } from '@/lib/tickets/service';
import { createSlaPolicySchema } from '@/lib/sla/schema';
import { createSlaPolicy } from '@/lib/sla/service';

export type FirstRun = { email: string; password: string; apiKey: string };

/**
 * On a database with no agents yet, creates the first admin with a generated password and an
 * admin API key, both returned once to be printed. Returns null on every later start.
 */
export async function createFirstAdmin(db: Db): Promise<FirstRun | null> {
  // One transaction under a lock, so an app and a CLI starting together create one admin, and a
  // failure half-way leaves no admin whose password nobody saw.
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(7243002)`);
    const [existing] = await tx.select({ n: count() }).from(agents);
    if ((existing?.n ?? 0) > 0) return null;
    const password = randomBytes(12).toString('base64url');
    const email = 'admin@loopdesk.local';
    const admin = await createAgent(
      systemContext(tx, 'first-start'),
      createAgentSchema.parse({ first_name: 'Ada', last_name: 'Admin', email, role: 'admin', password }),
    );
    const key = await createApiKey(
      { ...systemContext(tx, 'first-start'), actor: { type: 'agent', agentId: admin.id, permission: 'admin' } },
      { name: 'Demo admin key', permission: 'admin' },
    );
    return { email, password, apiKey: key.key };
  });
}

/** A small, believable helpdesk: departments, agents, customers, tickets with replies and ratings. */
export async function seedDemoData(db: Db): Promise<void> {
  const ctx = systemContext(db, 'demo-seed');
  const [support, billing] = await db
    .insert(departments)
    .values([{ name: 'Technical Support' }, { name: 'Billing' }, { name: 'Sales' }])
    .returning();
  const [login, invoices, bugs] = await db
    .insert(categories)
    .values([
      { name: 'Login Issues', departmentId: support!.id },
      { name: 'Invoices', departmentId: billing!.id },
      { name: 'Bug Report', departmentId: support!.id },
    ])
    .returning();
  const sarah = await createAgent(
    ctx,
    createAgentSchema.parse({
      first_name: 'Sarah',
      last_name: 'Johnson',
      email: 'sarah@loopdesk.local',
      department_ids: [support!.id],
      skills: ['login', 'troubleshooting'],
      max_tickets: 15,
    }),
  );
  const miguel = await createAgent(
    ctx,
    createAgentSchema.parse({
      first_name: 'Miguel',
      last_name: 'Alvarez',
      email: 'miguel@loopdesk.local',
      department_ids: [billing!.id],
      skills: ['billing'],
      max_tickets: 20,
    }),
  );
  const people = await db
    .insert(customers)
    .values([
      { firstName: 'John', lastName: 'Smith', email: 'john.smith@acme.example', organization: 'Acme Corporation' },
      { firstName: 'Priya', lastName: 'Patel', email: 'priya@globex.example', organization: 'Globex' },
      { firstName: 'Lena', lastName: 'Fischer', email: 'lena.fischer@initech.example', organization: 'Initech' },
      { firstName: 'Tom', lastName: 'Okafor', email: 'tom@umbrella.example', organization: 'Umbrella Health' },
    ])
    .returning();
  const [john, priya, lena, tom] = people;

  // Around the clock, so that the demo's tickets show their clocks running whenever it is tried.
  await createSlaPolicy(
    ctx,
    createSlaPolicySchema.parse({
      name: 'Standard',
      targets: {
        urgent: { first_response_minutes: 60, resolution_minutes: 240 },
        high: { first_response_minutes: 240, resolution_minutes: 1440 },
        normal: { first_response_minutes: 480, resolution_minutes: 4320 },
        low: { first_response_minutes: 1440, resolution_minutes: 10080 },
      },
    }),
  );

  const tickets = await createTickets(ctx, [
    {
      subject: 'Unable to login to account',
      description: 'Customer cannot access their account after password reset',
      priority: 'high',
      status: 'open',
      customer_id: john!.id,
      department_id: support!.id,
      category_id: login!.id,
      assigned_agent_id: sarah.id,
      tags: ['login', 'password'],
      custom_fields: { browser: 'Chrome 119' },
    },
    {
      subject: 'Invoice shows the wrong VAT number',
      description: 'Our March invoice lists an old VAT number.',
      priority: 'normal',
      status: 'pending',
      customer_id: priya!.id,
      department_id: billing!.id,
      category_id: invoices!.id,
      assigned_agent_id: miguel.id,
      tags: ['invoice'],
    },
    {
      subject: 'Export to CSV times out',
      description: 'Exporting 50k rows never finishes.',
      priority: 'urgent',
      status: 'open',
      customer_id: lena!.id,
      department_id: support!.id,
      category_id: bugs!.id,
      tags: ['export', 'performance'],
    },
    {
      subject: 'Request for a second admin seat',
      description: 'We need another admin for our IT team.',
      priority: 'low',
      status: 'open',
      customer_id: tom!.id,
    },
    {
      subject: 'Two-factor codes arrive late',
      description: 'SMS codes take several minutes.',
      priority: 'high',
      status: 'on_hold',
      customer_id: john!.id,
      department_id: support!.id,
      category_id: login!.id,
      assigned_agent_id: sarah.id,
      tags: ['2fa'],
    },
    {
      subject: 'Refund for duplicate charge',
      description: 'We were charged twice in April.',
      priority: 'high',
      status: 'resolved',
      customer_id: priya!.id,
      department_id: billing!.id,
      assigned_agent_id: miguel.id,
    },
    {
      subject: 'Dark mode for the customer portal?',
      description: 'Feature request from our design team.',
      priority: 'low',
      status: 'closed',
      customer_id: lena!.id,
    },
    {
      subject: 'Webhook deliveries failing since Monday',
      description: 'Our endpoint returns 200 but deliveries show as failed.',
      priority: 'normal',
      status: 'open',
      customer_id: tom!.id,
      department_id: support!.id,
      category_id: bugs!.id,
    },
  ]);
  await addReply(ctx, tickets[0]!.id, {
    content: "Thank you for contacting support. We're investigating the login issue.",
    type: 'public',
    author_type: 'agent',
    author_id: sarah.id,
  });
  await addReply(ctx, tickets[0]!.id, { content: 'Still locked out this morning.', type: 'public', author_type: 'customer' });
  await addReply(ctx, tickets[0]!.id, { content: 'Password hash looks stale; resetting it.', type: 'internal', author_type: 'agent', author_id: sarah.id });
  await recordSatisfaction(ctx, tickets[5]!.id, { rating: 5, comment: 'Refunded within the hour, thank you!' });
  await recordSatisfaction(ctx, tickets[6]!.id, { rating: 4 });
  await addReply(ctx, tickets[2]!.id, {
    content: 'Reproduced with 40k rows; escalating to engineering.',
    type: 'internal',
    author_type: 'agent',
    author_id: miguel.id,
  });
}
