import { eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { agents, categories, customFieldDefinitions, departments, settings } from '@/db/schema';
import { createAgentSchema } from '@/lib/agents/schema';
import { createAgent } from '@/lib/agents/service';
import { systemContext } from '@/lib/context';
import { ConflictError } from '@/lib/errors';
import { addRange } from './ranges';
import { CATEGORIES, CUSTOM_FIELDS, DEPARTMENTS, TOPICS } from './topics';
import { AGENT_EMAIL_DOMAIN, AGENT_FIRST_NAMES, AGENT_LAST_NAMES } from './vocabulary';
import { fullName } from '@/lib/names';

/**
 * A seed's plan and progress, kept as one row of the settings table (key SEED_RUN_KEY). Each batch
 * adds its range of ordinals in the batch's own transaction, so after Ctrl-C, a crash or a lost
 * connection it says exactly which tickets exist, and the next `loopdesk seed` writes the rest.
 * Ids and ticket numbers are reserved up front (their sequences are moved past them), so the app
 * may create tickets and customers meanwhile, ticket k of the seed is always id ticketBase + k,
 * and a second seed writing the same rows fails on their primary key instead of doubling them.
 */
export const SEED_RUN_KEY = 'seed.run';

const count = z.number().int().min(0);
const ranges = z.array(z.tuple([count, count]));

const seedRunSchema = z.object({
  tickets: count,
  customers: count,
  /** The desk's "now" (epoch seconds): tickets span the two years before it. */
  end: count,
  ticketBase: count,
  ticketNumberBase: count,
  customerBase: count,
  departmentIds: z.array(count),
  categoryIds: z.array(count),
  agentIds: z.array(count),
  /** Each agent's department, as an index into DEPARTMENTS. */
  agentDepartments: z.array(count),
  /** The ordinals written so far (see ranges.ts). */
  customersWritten: ranges,
  ticketsWritten: ranges,
  replies: count,
  events: count,
  ratings: count,
  finished: z.boolean(),
});

export type SeedRun = z.infer<typeof seedRunSchema>;
export type SeedRequest = { tickets: number; customers?: number; agents?: number };
export type SeedPhase = 'customers' | 'tickets';
export type BatchCounts = { replies: number; events: number; ratings: number };

const DEFAULT_AGENTS = 20;
const defaultCustomers = (tickets: number) => Math.max(1, Math.round(tickets / 10));

async function readRun(db: Db, lock: boolean): Promise<SeedRun | null> {
  const query = db.select({ value: settings.value }).from(settings).where(eq(settings.key, SEED_RUN_KEY));
  const [row] = lock ? await query.for('update') : await query;
  return row ? seedRunSchema.parse(row.value) : null;
}

export const loadSeedRun = (db: Db) => readRun(db, false);
export const writtenOf = (run: SeedRun, phase: SeedPhase) => (phase === 'customers' ? run.customersWritten : run.ticketsWritten);

async function saveRun(db: Db, run: SeedRun): Promise<void> {
  await db.update(settings).set({ value: run, updatedAt: sql`now()` }).where(eq(settings.key, SEED_RUN_KEY));
}

/**
 * Adds a batch to the run, in the batch's transaction. The row is locked only from here to the
 * commit, so batches written side by side queue only for this.
 */
export async function recordBatch(tx: Db, phase: SeedPhase, range: [number, number], counts: BatchCounts): Promise<SeedRun> {
  const run = (await readRun(tx, true))!;
  const next: SeedRun = {
    ...run,
    [phase === 'customers' ? 'customersWritten' : 'ticketsWritten']: addRange(writtenOf(run, phase), range),
    replies: run.replies + counts.replies,
    events: run.events + counts.events,
    ratings: run.ratings + counts.ratings,
  };
  await saveRun(tx, next);
  return next;
}

export async function finishSeedRun(db: Db): Promise<SeedRun> {
  return db.transaction(async (tx) => {
    const run = { ...(await readRun(tx, true))!, finished: true };
    await saveRun(tx, run);
    return run;
  });
}

/** The run to continue: the one in the database, if its counts agree with what was asked. */
function checkSameRun(run: SeedRun, request: SeedRequest): SeedRun {
  const differs = (asked: number | undefined, planned: number) => asked !== undefined && asked !== planned;
  if (differs(request.tickets, run.tickets) || differs(request.customers, run.customers) || differs(request.agents, run.agentIds.length)) {
    const what = `${run.tickets} tickets, ${run.customers} customers and ${run.agentIds.length} agents`;
    throw new ConflictError(
      run.finished
        ? `This database was already seeded with ${what}; seed an empty database for another size`
        : `A seed of ${what} was interrupted here; run it again with those counts to finish it`,
    );
  }
  return run;
}

/** Moves an id sequence past `count` ids and returns the last id before them. */
async function reserveIds(tx: Db, table: 'tickets' | 'customers', count: number): Promise<number> {
  const [row] = await tx.execute<{ base: string }>(sql`
    with used as (
      select greatest(nextval(pg_get_serial_sequence(${table}, 'id')) - 1, (select coalesce(max(id), 0) from ${sql.identifier(table)})) as base
    )
    select base, setval(pg_get_serial_sequence(${table}, 'id'), base + ${count}) from used`);
  return Number(row!.base);
}

/** The same for ticket numbers (ticket_number_seq, which next_ticket_number() draws from). */
async function reserveTicketNumbers(tx: Db, count: number): Promise<number> {
  const [row] = await tx.execute<{ base: string }>(sql`
    select base, setval('ticket_number_seq', base + ${count}) from (select nextval('ticket_number_seq') - 1 as base) as used`);
  return Number(row!.base);
}

async function ensureDepartments(tx: Db): Promise<number[]> {
  await tx
    .insert(departments)
    .values(DEPARTMENTS.map((d) => ({ name: d.name })))
    .onConflictDoNothing();
  const rows = await tx.select({ id: departments.id, name: departments.name }).from(departments);
  const byName = new Map(rows.map((d) => [d.name.toLowerCase(), d.id]));
  return DEPARTMENTS.map((d) => byName.get(d.name.toLowerCase())!);
}

async function ensureCategories(tx: Db, departmentIds: number[]): Promise<number[]> {
  const departmentId = (name: string) => departmentIds[DEPARTMENTS.findIndex((d) => d.name === name)]!;
  await tx
    .insert(categories)
    .values(CATEGORIES.map((c) => ({ name: c.name, departmentId: departmentId(c.department) })))
    .onConflictDoNothing();
  const rows = await tx.select({ id: categories.id, name: categories.name }).from(categories);
  const byName = new Map(rows.map((c) => [c.name.toLowerCase(), c.id]));
  return CATEGORIES.map((c) => byName.get(c.name.toLowerCase())!);
}

async function ensureCustomFields(tx: Db): Promise<void> {
  await tx
    .insert(customFieldDefinitions)
    .values(CUSTOM_FIELDS.map((f, position) => ({ entity: 'ticket' as const, key: f.key, label: f.label, type: f.type, options: [...f.options], position })))
    .onConflictDoNothing();
}

/** Agent k's department: the team split by DEPARTMENTS' `agents` shares. */
function departmentOfAgent(k: number, total: number): number {
  const at = ((k + 0.5) / total) * 100;
  let sum = 0;
  const index = DEPARTMENTS.findIndex((d) => {
    sum += d.agents;
    return sum > at;
  });
  return index === -1 ? DEPARTMENTS.length - 1 : index;
}

/**
 * The team, through the agent service (so each has its agent.created event). They get no password:
 * nobody signs in as them until an admin sets one. An agent already there by email is reused.
 */
async function ensureAgents(tx: Db, total: number, departmentIds: number[]) {
  const ids: number[] = [];
  const agentDepartments: number[] = [];
  const pairs = AGENT_FIRST_NAMES.length * AGENT_LAST_NAMES.length;
  for (let k = 0; k < total; k++) {
    const first = AGENT_FIRST_NAMES[k % AGENT_FIRST_NAMES.length]!;
    const last = AGENT_LAST_NAMES[k % AGENT_LAST_NAMES.length]!;
    const email = `${first}.${last}${k >= pairs ? `.${k}` : ''}@${AGENT_EMAIL_DOMAIN}`.toLowerCase();
    const department = departmentOfAgent(k, total);
    const [existing] = await tx
      .select({ id: agents.id })
      .from(agents)
      .where(eq(sql`lower(${agents.email})`, email));
    const skills = [...new Set(TOPICS.filter((t) => t.department === DEPARTMENTS[department]!.name).flatMap((t) => t.tags))].slice(0, 4);
    const id =
      existing?.id ??
      (
        await createAgent(
          systemContext(tx, 'seed'),
          createAgentSchema.parse({ first_name: first, last_name: last, email, department_ids: [departmentIds[department]], skills, max_tickets: 25 }),
        )
      ).id;
    ids.push(id);
    agentDepartments.push(department);
  }
  return { agentIds: ids, agentDepartments };
}

/**
 * The run to work on: the interrupted or finished one in the database, or a new one with the
 * departments, categories, custom fields and agents it needs and its ids reserved.
 */
export async function startSeedRun(db: Db, request: SeedRequest, now: Date): Promise<SeedRun> {
  return db.transaction(async (tx) => {
    // Two seeds starting at once: the second waits here, then finds the first's run.
    await tx.execute(sql`select pg_advisory_xact_lock(7243003)`);
    const existing = await readRun(tx, true);
    if (existing) return checkSameRun(existing, request);
    const customers = request.customers ?? defaultCustomers(request.tickets);
    const departmentIds = await ensureDepartments(tx);
    const categoryIds = await ensureCategories(tx, departmentIds);
    await ensureCustomFields(tx);
    const team = await ensureAgents(tx, request.agents ?? DEFAULT_AGENTS, departmentIds);
    const run: SeedRun = {
      tickets: request.tickets,
      customers,
      end: Math.floor(now.getTime() / 1000),
      ticketBase: await reserveIds(tx, 'tickets', request.tickets),
      ticketNumberBase: await reserveTicketNumbers(tx, request.tickets),
      customerBase: await reserveIds(tx, 'customers', customers),
      departmentIds,
      categoryIds,
      ...team,
      customersWritten: [],
      ticketsWritten: [],
      replies: 0,
      events: 0,
      ratings: 0,
      finished: false,
    };
    await tx.insert(settings).values({ key: SEED_RUN_KEY, value: run });
    return run;
  });
}

type TeamMember = { id: number; name: string; firstName: string; email: string; department: number };
type Named = { id: number; name: string };

/** What tickets show of the run's agents, departments and categories, in the run's order. */
export async function loadDesk(db: Db, run: SeedRun) {
  const [agentRows, departmentRows, categoryRows] = await Promise.all([
    db
      .select({ id: agents.id, firstName: agents.firstName, lastName: agents.lastName, email: agents.email })
      .from(agents)
      .where(inArray(agents.id, run.agentIds)),
    db.select({ id: departments.id, name: departments.name }).from(departments).where(inArray(departments.id, run.departmentIds)),
    db.select({ id: categories.id, name: categories.name }).from(categories).where(inArray(categories.id, run.categoryIds)),
  ]);
  const find = <T extends { id: number }>(rows: T[], id: number, what: string): T => {
    const row = rows.find((r) => r.id === id);
    if (!row) throw new ConflictError(`${what} ${id} of this seed was deleted; the seed cannot continue`);
    return row;
  };
  const team: TeamMember[] = run.agentIds.map((id, k) => {
    const agent = find(agentRows, id, 'Agent');
    return { id, name: fullName(agent.firstName, agent.lastName), firstName: agent.firstName, email: agent.email, department: run.agentDepartments[k]! };
  });
  return {
    team,
    departments: run.departmentIds.map((id): Named => find(departmentRows, id, 'Department')),
    categories: run.categoryIds.map((id): Named => find(categoryRows, id, 'Category')),
  };
}

export type Desk = Awaited<ReturnType<typeof loadDesk>>;
