import type { z } from 'zod';
import { performanceQuery } from '@/lib/agents/schema';

/** The team report takes the same period as an agent's performance (default: the last 30 days). */
export const teamReportQuery = performanceQuery;

export type TeamReportQuery = z.infer<typeof teamReportQuery>;
