import 'server-only';
import { asc, count, eq, or, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { departments, slaPolicies, tickets } from '@/db/schema';
import type { ServiceContext } from '@/lib/context';
import { ConflictError, NotFoundError, ValidationError, isUniqueViolation } from '@/lib/errors';
import { changeOf, recordEvents, resourceEvent } from '@/lib/events';
import type { CreateSlaPolicyInput, ListSlaPoliciesQuery, SlaPolicyJson, UpdateSlaPolicyInput } from './schema';
import { toSlaPolicyJson, toStoredHours, toStoredTargets } from './serialize';

async function loadPolicies(db: Db, where: ReturnType<typeof eq> | undefined, page?: { limit: number; offset: number }) {
  const query = db
    .select({ policy: slaPolicies, department: { id: departments.id, name: departments.name } })
    .from(slaPolicies)
    .leftJoin(departments, eq(departments.id, slaPolicies.departmentId))
    .where(where)
    // The policy for tickets of no other department's last, as the desk reads them.
    .orderBy(sql`${slaPolicies.departmentId} is null`, asc(departments.name), asc(slaPolicies.id))
    .$dynamic();
  const rows = page ? await query.limit(page.limit).offset(page.offset) : await query;
  return rows.map((r) => toSlaPolicyJson(r.policy, r.department));
}

/** GET /sla-policies: every department's policy by department name, then the one for the rest. */
export async function listSlaPolicies(db: Db, q: ListSlaPoliciesQuery) {
  const [items, [total]] = await Promise.all([
    loadPolicies(db, undefined, { limit: q.per_page, offset: (q.page - 1) * q.per_page }),
    db.select({ n: count() }).from(slaPolicies),
  ]);
  return { items, total: total?.n ?? 0 };
}

export async function getSlaPolicyOrThrow(db: Db, id: number): Promise<SlaPolicyJson> {
  const [policy] = await loadPolicies(db, eq(slaPolicies.id, id));
  if (!policy) throw new NotFoundError('SLA policy');
  return policy;
}

/**
 * Runs the clocks again, under the policies as they now are, of the tickets still being worked that
 * a policy change can move: those under the policy, and those of the departments it covered or
 * covers (null: every ticket of a department without a policy of its own). The tickets_sla_before
 * trigger does the work when this setting is on, in the caller's transaction. Rows are locked in id
 * order, as bulk ticket updates lock them, so the two queue up instead of deadlocking. Finished
 * tickets keep the results they were resolved with.
 */
async function refreshOpenTickets(db: Db, policyId: number, departmentIds: (number | null)[]) {
  const covered = departmentIds.map((id) =>
    id === null
      ? sql`(${tickets.departmentId} is null or ${tickets.departmentId} not in (select department_id from sla_policies where department_id is not null))`
      : sql`${tickets.departmentId} = ${id}`,
  );
  await db.execute(sql`select set_config('loopdesk.sla_refresh', 'on', true)`);
  await db.execute(sql`
    update ${tickets} set sla_policy_id = sla_policy_id where id in (
      select id from ${tickets}
       where ${tickets.status} in ('open', 'pending', 'on_hold') and (${tickets.slaPolicyId} = ${policyId} or ${or(...covered)})
       order by id for update)`);
  await db.execute(sql`select set_config('loopdesk.sla_refresh', 'off', true)`);
}

/** One policy per department and one for the rest; names unique whatever their case. */
async function withUniqueFields<T>(input: { name?: string; department_id?: number | null }, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error, 'sla_policies_name_idx')) {
      throw new ConflictError(`An SLA policy named "${input.name}" already exists`, { cause: error }, [{ field: 'name', message: 'Name is already taken' }]);
    }
    if (isUniqueViolation(error, 'sla_policies_department_key')) {
      const which = input.department_id === null ? 'tickets of no other department' : 'this department';
      throw new ConflictError(`An SLA policy for ${which} already exists: change that one`, { cause: error }, [
        { field: 'department_id', message: 'Already has a policy' },
      ]);
    }
    throw error;
  }
}

/**
 * The clocks run in PostgreSQL, whose time zone database may lag the one the zone name was checked
 * against: a zone it does not know would make every ticket write fail, so it is refused here.
 */
async function checkTimeZone(db: Db, timeZone: string | undefined) {
  if (timeZone === undefined) return;
  const [known] = await db.execute<{ known: boolean }>(sql`select exists (select 1 from pg_timezone_names where name = ${timeZone}) as known`);
  if (!known?.known) throw new ValidationError([{ field: 'time_zone', message: `The database does not know the time zone ${timeZone}` }]);
}

async function checkDepartment(db: Db, departmentId: number | null | undefined) {
  if (departmentId === null || departmentId === undefined) return;
  const [found] = await db.select({ id: departments.id }).from(departments).where(eq(departments.id, departmentId));
  if (!found) throw new ValidationError([{ field: 'department_id', message: `Department ${departmentId} does not exist` }]);
}

export function createSlaPolicy(ctx: ServiceContext, input: CreateSlaPolicyInput): Promise<SlaPolicyJson> {
  return withUniqueFields(input, () =>
    ctx.db.transaction(async (tx) => {
      await Promise.all([checkDepartment(tx, input.department_id), checkTimeZone(tx, input.time_zone)]);
      const [row] = await tx
        .insert(slaPolicies)
        .values({
          name: input.name,
          departmentId: input.department_id,
          timeZone: input.time_zone,
          businessHours: toStoredHours(input.business_hours),
          holidays: input.holidays,
          targets: toStoredTargets(input.targets),
        })
        .returning({ id: slaPolicies.id });
      await refreshOpenTickets(tx, row!.id, [input.department_id]);
      const policy = await getSlaPolicyOrThrow(tx, row!.id);
      await recordEvents({ ...ctx, db: tx }, [resourceEvent('sla_policy.created', policy.id, { sla_policy: policy })]);
      return policy;
    }),
  );
}

export function updateSlaPolicy(ctx: ServiceContext, id: number, input: UpdateSlaPolicyInput): Promise<SlaPolicyJson> {
  return withUniqueFields(input, () =>
    ctx.db.transaction(async (tx) => {
      const [locked] = await tx.select({ id: slaPolicies.id }).from(slaPolicies).where(eq(slaPolicies.id, id)).for('update');
      if (!locked) throw new NotFoundError('SLA policy');
      await Promise.all([checkDepartment(tx, input.department_id), checkTimeZone(tx, input.time_zone)]);
      const before = await getSlaPolicyOrThrow(tx, id);
      await tx
        .update(slaPolicies)
        .set({
          name: input.name,
          departmentId: input.department_id,
          timeZone: input.time_zone,
          businessHours: input.business_hours === undefined ? undefined : toStoredHours(input.business_hours),
          holidays: input.holidays,
          targets: input.targets && toStoredTargets(input.targets),
          updatedAt: new Date(),
        })
        .where(eq(slaPolicies.id, id));
      // A new name changes no clock.
      const { name: _name, ...clockFields } = input;
      if (Object.values(clockFields).some((v) => v !== undefined)) {
        await refreshOpenTickets(tx, id, [before.department?.id ?? null, ...(input.department_id === undefined ? [] : [input.department_id])]);
      }
      const policy = await getSlaPolicyOrThrow(tx, id);
      await recordEvents({ ...ctx, db: tx }, [resourceEvent('sla_policy.updated', id, { sla_policy: policy, ...changeOf(before, policy) })]);
      return policy;
    }),
  );
}

/**
 * A department's policy goes with the department, recorded as deleted for the audit log. No ticket
 * is in a department that can be deleted, so no clock changes. Runs in the caller's transaction.
 */
export async function deleteDepartmentPolicy(ctx: ServiceContext, departmentId: number): Promise<void> {
  const [row] = await ctx.db.select({ id: slaPolicies.id }).from(slaPolicies).where(eq(slaPolicies.departmentId, departmentId)).for('update');
  if (!row) return;
  const policy = await getSlaPolicyOrThrow(ctx.db, row.id);
  await ctx.db.delete(slaPolicies).where(eq(slaPolicies.id, row.id));
  await recordEvents(ctx, [resourceEvent('sla_policy.deleted', row.id, { sla_policy: policy })]);
}

/**
 * Tickets still being worked move to the policy that covers them now (or none). Finished ones keep
 * whether they met their targets (the reports count them) but no longer name a policy.
 */
export async function deleteSlaPolicy(ctx: ServiceContext, id: number): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const [locked] = await tx.select({ id: slaPolicies.id }).from(slaPolicies).where(eq(slaPolicies.id, id)).for('update');
    if (!locked) throw new NotFoundError('SLA policy');
    const policy = await getSlaPolicyOrThrow(tx, id);
    await tx.delete(slaPolicies).where(eq(slaPolicies.id, id));
    await refreshOpenTickets(tx, id, [policy.department?.id ?? null]);
    await recordEvents({ ...ctx, db: tx }, [resourceEvent('sla_policy.deleted', id, { sla_policy: policy })]);
  });
}
