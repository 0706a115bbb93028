import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { AgentReport } from '@/components/reports/agent-report';
import { PeriodRefused } from '@/components/reports/period-refused';
import { getDb } from '@/db/client';
import { requireAgent } from '@/lib/auth/current';
import { NotFoundError } from '@/lib/errors';
import { agentReport } from '@/lib/reports/agent';
import { teamReportQuery } from '@/lib/reports/schema';

export const metadata: Metadata = { title: 'Agent report · Loopdesk' };

export default async function AgentReportPage(props: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  await requireAgent();
  const [{ id }, params] = await Promise.all([props.params, props.searchParams]);
  if (!/^[1-9]\d{0,9}$/.test(id)) notFound();
  // The API's own period rules (lib/reports/schema.ts), so a URL cannot make the page build a longer series than the API would.
  const parsed = teamReportQuery.safeParse({ start_date: params.start_date || undefined, end_date: params.end_date || undefined });
  if (!parsed.success) return <PeriodRefused problems={parsed.error.issues.map((i) => i.message)} back={`/reports/agents/${id}`} />;
  const report = await agentReport(getDb(), Number(id), parsed.data).catch((error: unknown) => {
    if (error instanceof NotFoundError) notFound();
    throw error;
  });
  const query = new URLSearchParams({ start_date: report.period.start.slice(0, 10), end_date: report.period.end.slice(0, 10) });
  return <AgentReport report={report} query={`?${query}`} />;
}
