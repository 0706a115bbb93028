import type { Metadata } from 'next';
import { TeamDashboard } from '@/components/reports/team-dashboard';
import { getDb } from '@/db/client';
import { teamReportQuery } from '@/lib/reports/schema';
import { teamReport } from '@/lib/reports/team';

export const metadata: Metadata = { title: 'Reports · Loopdesk' };

/** Built on the server from the same service as GET /api/v1/reports/team, so the charts arrive with the page. */
export default async function ReportsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const params = await searchParams;
  const parsed = teamReportQuery.safeParse({ start_date: params.start_date || undefined, end_date: params.end_date || undefined });
  if (!parsed.success) {
    return (
      <p role="alert" className="m-6 rounded-md bg-red-50 p-4 text-sm text-red-800 dark:bg-red-950 dark:text-red-200">
        That period cannot be shown: {parsed.error.issues.map((i) => i.message).join('; ')}. <a href="/reports" className="underline">Last 30 days</a>
      </p>
    );
  }
  const report = await teamReport(getDb(), parsed.data);
  const query = new URLSearchParams({ start_date: report.period.start.slice(0, 10), end_date: report.period.end.slice(0, 10) });
  return <TeamDashboard report={report} query={`?${query}`} />;
}
