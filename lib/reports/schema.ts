import { z } from 'zod';
import { performanceMetricsJson, performanceQuery, reportPeriodJson } from '@/lib/agents/schema';
import { namedRef } from '@/lib/schema-helpers';

/** The most days a report may cover: a leap year, so that any calendar year fits. */
export const MAX_REPORT_DAYS = 366;

const utcDay = (date: Date) => Math.floor(date.getTime() / 86_400_000);

/**
 * The team and agent reports take the period of an agent's performance (default: the last 30
 * days). They list it day by day, so its length is bounded: counted in UTC days, both ends included.
 */
export const teamReportQuery = performanceQuery.refine((q) => utcDay(q.end) - utcDay(q.start) + 1 <= MAX_REPORT_DAYS, {
  message: `The period may span at most ${MAX_REPORT_DAYS} days`,
  path: ['end_date'],
});

export type TeamReportQuery = z.infer<typeof teamReportQuery>;

/** Of the goals reached in the period under an SLA target, how many within it; `rate` is met ÷ (met + breached), null for none. */
const attainmentJson = z.strictObject({ met: z.int(), breached: z.int(), rate: z.number().min(0).max(1).nullable() });

const distributionJson = z.array(z.strictObject({ bucket: z.string(), count: z.int() }));

/** GET /reports/team: the team dashboard's numbers for a period; days are UTC dates (`2025-08-23`). */
export const teamReportJson = z.strictObject({
  period: reportPeriodJson,
  daily: z.array(z.strictObject({ date: z.iso.date(), created: z.int(), resolved: z.int() })),
  backlog: z.strictObject({ by_status: z.record(z.string(), z.int()), by_priority: z.record(z.string(), z.int()) }),
  first_response: distributionJson,
  resolution: distributionJson,
  satisfaction: z.array(z.strictObject({ date: z.iso.date(), average: z.number(), count: z.int() })),
  agents: z.array(z.strictObject({ agent: namedRef, metrics: performanceMetricsJson })),
  // Not the reference's: SLA attainment of the first responses and resolutions in the period.
  sla: z.strictObject({ first_response: attainmentJson, resolution: attainmentJson }),
});

export type TeamReportJson = z.infer<typeof teamReportJson>;

/** An agent's report page: their performance for the period and, per UTC day, their resolutions and public replies. */
export const agentReportJson = z.strictObject({
  agent: z.strictObject({ id: z.int(), name: z.string(), email: z.string() }),
  period: reportPeriodJson,
  metrics: performanceMetricsJson,
  daily: z.array(z.strictObject({ date: z.iso.date(), resolved: z.int(), replies: z.int() })),
});

export type AgentReportJson = z.infer<typeof agentReportJson>;
