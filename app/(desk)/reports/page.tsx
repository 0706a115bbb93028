import type { Metadata } from 'next';
import { PeriodRefused } from '@/components/reports/period-refused';
import { TeamDashboard } from '@/components/reports/team-dashboard';
import { getDb } from '@/db/client';
import { requireAgent } from '@/lib/auth/current';
import { teamReportQuery } from '@/lib/reports/schema';
import { teamReport } from '@/lib/reports/team';

export const metadata: Metadata = { title: 'Reports · Loopdesk' };

/** Built on the server from the same service as GET /api/v1/reports/team, so the charts arrive with the page. */
export default async function ReportsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  await requireAgent();
  const params = await searchParams;
  // The API's own period rules (lib/reports/schema.ts), so a URL cannot make the page build a longer series than the API would.
  const parsed = teamReportQuery.safeParse({ start_date: params.start_date || undefined, end_date: params.end_date || undefined });
  if (!parsed.success) return <PeriodRefused problems={parsed.error.issues.map((i) => i.message)} back="/reports" />;
  const report = await teamReport(getDb(), parsed.data);
  const query = new URLSearchParams({ start_date: report.period.start.slice(0, 10), end_date: report.period.end.slice(0, 10) });
  return <TeamDashboard report={report} query={`?${query}`} />;
}
