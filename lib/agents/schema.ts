import { z } from 'zod';
import { ianaTimeZone } from '@/lib/customers/time-zones';
import {
  commaList,
  emailAddress,
  isoDateTime,
  isoPeriodEnd,
  namedRef,
  plainText,
  queryInt,
  rowId,
  timestamp,
  atLeastOneField,
  nothingToUpdate,
} from '@/lib/schema-helpers';

export const agentRoles = ['agent', 'admin'] as const;
export const agentStatuses = ['active', 'inactive'] as const;
export const availabilities = ['available', 'busy', 'away', 'offline'] as const;

const skills = z
  .array(plainText(1, 50))
  .max(50)
  .transform((list) => [...new Set(list.map((s) => s.trim().toLowerCase()).filter(Boolean))]);

/** NIST SP 800-63B: length over composition rules; the server also refuses common passwords (password-policy.ts). */
export const MIN_PASSWORD_LENGTH = 12;
const newPassword = plainText(0, 200).refine((p) => p.length >= MIN_PASSWORD_LENGTH, {
  message: `Password must be at least ${MIN_PASSWORD_LENGTH} characters`,
});

const agentFields = {
  first_name: plainText(1, 100),
  last_name: plainText(0, 100),
  email: emailAddress(),
  role: z.enum(agentRoles),
  status: z.enum(agentStatuses),
  availability: z.enum(availabilities),
  department_ids: z.array(rowId).max(100),
  skills,
  max_tickets: z.number().int().min(0).max(100_000).nullable(),
  password: newPassword,
};

export const createAgentSchema = z.object({
  ...agentFields,
  last_name: agentFields.last_name.default(''),
  role: agentFields.role.default('agent'),
  status: agentFields.status.default('active'),
  availability: agentFields.availability.default('available'),
  department_ids: agentFields.department_ids.default([]),
  skills: agentFields.skills.default([]),
  max_tickets: agentFields.max_tickets.optional(),
  password: agentFields.password.optional(),
});

export const changePasswordSchema = z.object({
  current_password: z.string().min(1).max(1024),
  password: newPassword,
});

export const updateAgentSchema = z.object(agentFields).partial().refine(atLeastOneField, nothingToUpdate);

export const listAgentsQuery = z.object({
  status: commaList(z.enum(agentStatuses)).optional(),
  role: commaList(z.enum(agentRoles)).optional(),
  availability: commaList(z.enum(availabilities)).optional(),
  department_id: queryInt(1, 2_147_483_647).optional(),
  page: queryInt(1, 1_000_000).default(1),
  per_page: queryInt(1, 100).default(25),
});

export const performanceMetrics = [
  'tickets_handled',
  'tickets_resolved',
  'average_response_time',
  'average_resolution_time',
  'customer_satisfaction',
  'first_contact_resolution',
  'reopened_tickets',
] as const;
export type PerformanceMetric = (typeof performanceMetrics)[number];

const DAY = 86_400_000;

// A period of a report or of an agent's performance lies within these years: any helpdesk's
// history fits, and no request can ask for the days from year 1 to 9999 (lib/reports lists them).
const inReportYears = (d: Date) => d.getUTCFullYear() >= 2000 && d.getUTCFullYear() <= 2100;
const reportYears = { message: 'Report dates must be between 2000-01-01 and 2100-12-31' };

export const performanceQuery = z
  .object({
    start_date: isoDateTime.refine(inReportYears, reportYears).optional(),
    end_date: isoPeriodEnd.refine(inReportYears, reportYears).optional(),
    metrics: commaList(z.enum(performanceMetrics)).optional(),
  })
  .transform(({ start_date, end_date, metrics }) => {
    const end = end_date ?? new Date();
    const start = start_date ?? new Date(end.getTime() - 30 * DAY);
    return { start, end, metrics: metrics ?? [...performanceMetrics] };
  })
  .refine((q) => q.start.getTime() <= q.end.getTime(), { message: 'Start date must not be after end date', path: ['start_date'] });

export type CreateAgentInput = z.infer<typeof createAgentSchema>;
export type UpdateAgentInput = z.infer<typeof updateAgentSchema>;
export type ChangePasswordInput = z.infer<typeof changePasswordSchema>;
export type ListAgentsQuery = z.infer<typeof listAgentsQuery>;
export type PerformanceQuery = z.infer<typeof performanceQuery>;

/** The reference's agent shape; never the password hash. */
export const agentJson = z.strictObject({
  id: z.int(),
  first_name: z.string(),
  last_name: z.string(),
  email: z.string(),
  role: z.enum(agentRoles),
  status: z.enum(agentStatuses),
  departments: z.array(namedRef),
  skills: z.array(z.string()),
  availability: z.enum(availabilities),
  current_tickets: z.int(),
  max_tickets: z.int().nullable(),
  created_at: timestamp,
  updated_at: timestamp,
});

/** The metrics asked for, each `*_time` with its `*_time_seconds` twin; durations are null without data. */
export const performanceMetricsJson = z.strictObject({
  tickets_handled: z.int().optional(),
  tickets_resolved: z.int().optional(),
  average_response_time: z.string().nullable().optional(),
  average_response_time_seconds: z.int().nullable().optional(),
  average_resolution_time: z.string().nullable().optional(),
  average_resolution_time_seconds: z.int().nullable().optional(),
  customer_satisfaction: z.number().nullable().optional(),
  first_contact_resolution: z.number().nullable().optional(),
  reopened_tickets: z.int().optional(),
});

export const reportPeriodJson = z.strictObject({ start: timestamp, end: timestamp });

export const agentPerformanceJson = z.strictObject({ agent_id: z.int(), period: reportPeriodJson, metrics: performanceMetricsJson });

export const endedSessionsJson = z.strictObject({ ended_sessions: z.int() });

/** The signed-in agent's own desk settings. `time_zone`: the IANA zone times are shown and typed in; null, the browser's. */
export const agentPreferencesJson = z.strictObject({ time_zone: z.string().nullable() });

const timeZone = z
  .string()
  .trim()
  .max(100)
  .transform((name, ctx) => {
    // Blank is the same as null: the browser's zone.
    if (!name) return null;
    const zone = ianaTimeZone(name);
    if (zone) return zone;
    ctx.addIssue({ code: 'custom', message: 'Time zone must be an IANA time zone, e.g. America/New_York or UTC' });
    return z.NEVER;
  });

export const updatePreferencesSchema = z.object({ time_zone: timeZone.nullable() }).partial().refine(atLeastOneField, nothingToUpdate);

export type AgentJson = z.infer<typeof agentJson>;
export type AgentPreferencesJson = z.infer<typeof agentPreferencesJson>;
export type UpdatePreferencesInput = z.infer<typeof updatePreferencesSchema>;
export type PerformanceMetricsJson = z.infer<typeof performanceMetricsJson>;
export type AgentPerformanceJson = z.infer<typeof agentPerformanceJson>;
