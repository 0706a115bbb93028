import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';

/**
 * `loopdesk seed --tickets N`: benchmark-sized data generated inside PostgreSQL (multi-row
 * INSERT ... SELECT over generate_series), so 100k tickets take seconds, not minutes. It writes
 * no domain events: the rows are load for measuring, not history to replay to webhooks.
 */
export async function seedBulk(db: Db, { tickets, customers }: { tickets: number; customers: number }) {
  const run = Date.now().toString(36);
  await db.execute(sql`
    insert into customers (first_name, last_name, email, organization, created_at, updated_at)
    select (array['John','Priya','Lena','Tom','Ana','Kenji','Fatima','Lars','Chen','Maria'])[1 + i % 10],
           (array['Smith','Patel','Fischer','Okafor','Silva','Sato','Haddad','Berg','Wei','Garcia'])[1 + (i / 10) % 10],
           'customer-' || ${run} || '-' || i || '@example.com',
           'Organisation ' || (i % 500),
           now() - random() * interval '365 days', now()
      from generate_series(1, ${customers}::int) as i`);
  await db.execute(sql`
    insert into departments (name) values ('Technical Support'), ('Billing'), ('Sales')
    on conflict do nothing`);
  await db.execute(sql`
    with pool as (
      select (select array_agg(id) from customers) as customer_ids,
             (select array_agg(id) from departments) as department_ids,
             (select array_agg(id) from agents where status = 'active') as agent_ids
    ), rows as (
      select i, now() - random() * interval '365 days' as created, pool.*
        from generate_series(1, ${tickets}::int) as i, pool
    )
    insert into tickets (subject, description, status, priority, customer_id, department_id, assigned_agent_id,
                         tags, created_at, updated_at)
    select (array['Unable to login to account','Invoice shows the wrong amount','Export times out','Password reset email never arrives',
                  'Feature request: dark mode','Webhook deliveries failing','Cannot upload attachments','Two-factor codes arrive late'])[1 + i % 8]
             || ' #' || i,
           'Generated ticket ' || i || ' for load testing.',
           (array['open','open','pending','on_hold','resolved','closed'])[1 + (i * 7) % 6]::ticket_status,
           (array['low','normal','normal','high','urgent'])[1 + (i * 3) % 5]::ticket_priority,
           customer_ids[1 + (i * 31) % cardinality(customer_ids)],
           department_ids[1 + i % cardinality(department_ids)],
           case when agent_ids is null or i % 4 = 0 then null else agent_ids[1 + (i * 13) % cardinality(agent_ids)] end,
           case when i % 3 = 0 then array['generated'] else '{}'::text[] end,
           created, created + random() * interval '10 days'
      from rows`);
}
