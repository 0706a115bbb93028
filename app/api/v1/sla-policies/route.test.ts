import { beforeAll, describe, expect, it } from 'vitest';
import type { SlaPolicyJson } from '@/lib/sla/schema';
import type { TicketJson } from '@/lib/tickets/schema';
import { call } from '@/lib/test/api';
import { expectError, expectValidationError, isoSeconds } from '@/lib/test/expectations';
import { createDepartment, createKey, createTicket, uniqueName } from '@/lib/test/factories';

let adminKey: string;
let writeKey: string;
let readKey: string;

beforeAll(async () => {
  [adminKey, writeKey, readKey] = await Promise.all([createKey('admin'), createKey('write'), createKey('read')]);
});

const urgentTargets = { urgent: { first_response_minutes: 60, resolution_minutes: 480 } };
const create = (body: Record<string, unknown>, key = adminKey) => call<SlaPolicyJson>('POST', '/api/v1/sla-policies', { key, body });
const policyFor = async (extra: Record<string, unknown> = {}) => {
  const department = await createDepartment({ name: uniqueName('Support') });
  const res = await create({ name: uniqueName('Hours'), department_id: department.id, targets: urgentTargets, ...extra });
  expect(res.status).toBe(201);
  return { policy: res.body.data, department };
};
const ticketSla = async (id: number) => (await call<TicketJson>('GET', `/api/v1/tickets/${id}`, { key: adminKey })).body.data.sla;

describe('POST /api/v1/sla-policies', () => {
  it('creates a policy with business hours by weekday, holidays sorted and once each, and targets per priority', async () => {
    const department = await createDepartment({ name: uniqueName('Billing') });
    const res = await create({
      name: 'Billing hours',
      department_id: department.id,
      time_zone: 'Europe/London',
      business_hours: [
        { day: 'tuesday', start: '09:00', end: '17:00' },
        { day: 'monday', start: '13:00', end: '24:00' },
        { day: 'monday', start: '08:00', end: '12:00' },
      ],
      holidays: ['2026-12-26', '2026-12-25', '2026-12-26'],
      targets: { urgent: { first_response_minutes: 30, resolution_minutes: null }, normal: { first_response_minutes: 480, resolution_minutes: 2880 } },
    });
    expect(res.status).toBe(201);
    expect(res.body.data).toEqual({
      id: expect.any(Number),
      name: 'Billing hours',
      department: { id: department.id, name: department.name },
      time_zone: 'Europe/London',
      business_hours: [
        { day: 'monday', start: '08:00', end: '12:00' },
        { day: 'monday', start: '13:00', end: '24:00' },
        { day: 'tuesday', start: '09:00', end: '17:00' },
      ],
      holidays: ['2026-12-25', '2026-12-26'],
      targets: {
        low: null,
        normal: { first_response_minutes: 480, resolution_minutes: 2880 },
        high: null,
        urgent: { first_response_minutes: 30, resolution_minutes: null },
      },
      created_at: expect.stringMatching(isoSeconds),
      updated_at: expect.stringMatching(isoSeconds),
    });
  });

  it('defaults to UTC around the clock, for tickets of no other department, and starts the clocks of open tickets at once', async () => {
    const ticket = await createTicket({ priority: 'high' });
    expect(await ticketSla(ticket.id)).toBeNull();
    const res = await create({ name: 'Everyone else', targets: { high: { first_response_minutes: 240, resolution_minutes: null } } });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ department: null, time_zone: 'UTC', business_hours: null, holidays: [] });
    expect(await ticketSla(ticket.id)).toMatchObject({ policy_id: res.body.data.id, first_response: { target_minutes: 240, status: 'running' } });

    expectError(await create({ name: 'Everyone else again', targets: urgentTargets }), {
      status: 409,
      code: 'CONFLICT',
      message: 'An SLA policy for tickets of no other department already exists: change that one',
      details: [{ field: 'department_id', message: 'Already has a policy' }],
    });
  });

  it('refuses a second policy for a department and a name in use, whatever its case', async () => {
    const { policy, department } = await policyFor();
    expectError(await create({ name: uniqueName('Other'), department_id: department.id, targets: urgentTargets }), {
      status: 409,
      code: 'CONFLICT',
      message: 'An SLA policy for this department already exists: change that one',
      details: [{ field: 'department_id', message: 'Already has a policy' }],
    });
    const other = await createDepartment({ name: uniqueName('Other') });
    expectError(await create({ name: policy.name.toUpperCase(), department_id: other.id, targets: urgentTargets }), {
      status: 409,
      code: 'CONFLICT',
      message: `An SLA policy named "${policy.name.toUpperCase()}" already exists`,
      details: [{ field: 'name', message: 'Name is already taken' }],
    });
  });

  it.each([
    [
      'an unknown time zone',
      { time_zone: 'Mars/Olympus' },
      [{ field: 'time_zone', message: 'Time zone must be an IANA time zone, e.g. Europe/London or UTC' }],
    ],
    [
      'a span ending before it starts',
      { business_hours: [{ day: 'monday', start: '17:00', end: '09:00' }] },
      [{ field: 'business_hours[0].end', message: 'A span must end after it starts' }],
    ],
    [
      'a time that is not HH:MM',
      { business_hours: [{ day: 'monday', start: '9am', end: '24:30' }] },
      [
        { field: 'business_hours[0].start', message: 'Must be a time of day as HH:MM, from 00:00 to 24:00' },
        { field: 'business_hours[0].end', message: 'Must be a time of day as HH:MM, from 00:00 to 24:00' },
      ],
    ],
    [
      'overlapping spans of a day',
      {
        business_hours: [
          { day: 'friday', start: '09:00', end: '13:00' },
          { day: 'friday', start: '12:00', end: '17:00' },
        ],
      },
      [{ field: 'business_hours[1]', message: 'Overlaps the friday span 09:00–13:00' }],
    ],
    [
      'no hours at all (null is around the clock)',
      { business_hours: [] },
      [{ field: 'business_hours', message: 'Give at least one span of hours, or null for around the clock' }],
    ],
    ['a holiday that is not a date', { holidays: ['25/12/2026'] }, [{ field: 'holidays[0]', message: 'Must be a date as YYYY-MM-DD' }]],
    ['a holiday in year 0', { holidays: ['2026-12-25', '0000-02-29'] }, [{ field: 'holidays[1]', message: 'Must be a date from the year 1900 to 2999' }]],
    ['no target at all', { targets: { low: null } }, [{ field: 'targets', message: 'Set targets for at least one priority' }]],
    [
      'a priority with neither target',
      { targets: { high: { first_response_minutes: null, resolution_minutes: null } } },
      [{ field: 'targets.high', message: 'Set a first response or a resolution target, or give null for the priority' }],
    ],
    [
      'a target of no minutes',
      { targets: { high: { first_response_minutes: 0, resolution_minutes: null } } },
      [{ field: 'targets.high.first_response_minutes', message: 'First response minutes must be at least 1' }],
    ],
    [
      'an unknown priority',
      { targets: { medium: { first_response_minutes: 10, resolution_minutes: null } } },
      [{ field: 'targets', message: 'Unknown field: medium' }],
    ],
    ['a department that does not exist', { department_id: 999_999 }, [{ field: 'department_id', message: 'Department 999999 does not exist' }]],
  ])('answers 400 for %s', async (_case, change, details) => {
    const department = await createDepartment({ name: uniqueName('Invalid') });
    expectValidationError(await create({ name: uniqueName('Bad'), department_id: department.id, targets: urgentTargets, ...change }), details);
  });

  it('is for admins: a write key gets 403', async () => {
    expectError(await create({ name: uniqueName('Hours'), targets: urgentTargets }, writeKey), { status: 403, code: 'FORBIDDEN' });
  });
});

describe('GET /api/v1/sla-policies', () => {
  it("lists departments' policies by department name, the one for the rest last; any key may read", async () => {
    const res = await call<SlaPolicyJson[]>('GET', '/api/v1/sla-policies?per_page=100', { key: readKey });
    expect(res.status).toBe(200);
    const names = res.body.data.map((p) => p.department?.name ?? null);
    expect(names.at(-1)).toBeNull();
    const named = names.slice(0, -1) as string[];
    expect(named).toEqual(named.toSorted((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(res.body).toMatchObject({ pagination: { total: res.body.data.length } });
  });

  it('answers 404 for a policy that does not exist', async () => {
    expectError(await call('GET', '/api/v1/sla-policies/999999', { key: readKey }), { status: 404, code: 'NOT_FOUND' });
  });
});

describe('PUT /api/v1/sla-policies/{id}', () => {
  it("changes the targets, and open tickets' deadlines follow at once", async () => {
    const { policy, department } = await policyFor();
    const ticket = await createTicket({ priority: 'urgent', department_id: department.id });
    const before = await ticketSla(ticket.id);
    const res = await call<SlaPolicyJson>('PUT', `/api/v1/sla-policies/${policy.id}`, {
      key: adminKey,
      body: { targets: { urgent: { first_response_minutes: 90, resolution_minutes: null } } },
    });
    expect(res.status).toBe(200);
    expect(res.body.data.targets.urgent).toEqual({ first_response_minutes: 90, resolution_minutes: null });
    const after = await ticketSla(ticket.id);
    expect(after!.first_response!.target_minutes).toBe(90);
    expect(new Date(after!.first_response!.due_at!).getTime() - new Date(before!.first_response!.due_at!).getTime()).toBe(30 * 60_000);
    expect(after!.resolution).toBeNull();
  });

  it('answers 400 for an empty change and 404 for a policy that does not exist', async () => {
    const { policy } = await policyFor();
    expectValidationError(await call('PUT', `/api/v1/sla-policies/${policy.id}`, { key: adminKey, body: {} }), [
      { field: '', message: 'Give at least one field to update' },
    ]);
    expectError(await call('PUT', '/api/v1/sla-policies/999999', { key: adminKey, body: { name: 'X' } }), { status: 404, code: 'NOT_FOUND' });
  });
});

describe('a deleted department', () => {
  it('takes its policy with it, recorded as sla_policy.deleted', async () => {
    const { policy, department } = await policyFor();
    expect((await call('DELETE', `/api/v1/departments/${department.id}`, { key: adminKey })).status).toBe(204);
    expectError(await call('GET', `/api/v1/sla-policies/${policy.id}`, { key: adminKey }), { status: 404, code: 'NOT_FOUND' });
    const log = await call<{ action: string }[]>('GET', `/api/v1/audit-log?resource_type=sla_policy&resource_id=${policy.id}`, { key: adminKey });
    expect(log.body.data.map((e) => e.action)).toEqual(['sla_policy.deleted', 'sla_policy.created']);
  });
});

describe('DELETE /api/v1/sla-policies/{id}', () => {
  it('moves open tickets to the policy for the rest, and finished ones keep whether they met it', async () => {
    const { policy, department } = await policyFor();
    const open = await createTicket({ priority: 'high', department_id: department.id });
    const done = await createTicket({ priority: 'urgent', department_id: department.id, status: 'resolved' });
    expect((await ticketSla(done.id))!.resolution!.status).toBe('met');
    const res = await call('DELETE', `/api/v1/sla-policies/${policy.id}`, { key: adminKey });
    expect(res.status).toBe(204);
    const fallback = await ticketSla(open.id);
    expect(fallback?.policy_id).not.toBe(policy.id);
    expect(await ticketSla(done.id)).toBeNull();
    expectError(await call('DELETE', `/api/v1/sla-policies/${policy.id}`, { key: adminKey }), { status: 404, code: 'NOT_FOUND' });
  });
});
