import type { z } from 'zod';
import { performanceQuery } from '@/lib/agents/schema';

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
