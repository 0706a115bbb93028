'use client';

import Link from 'next/link';
import type { AgentReportJson } from '@/lib/reports/schema';
import { ChartCard, LinesChart } from './charts';
import { formatMetric } from './metric-format';
import { PeriodForm } from './period-form';

const shown = [
  ['tickets_handled', 'Tickets handled'],
  ['tickets_resolved', 'Tickets resolved'],
  ['average_response_time', 'Average first response'],
  ['average_resolution_time', 'Average resolution'],
  ['first_contact_resolution', 'First-contact resolution'],
  ['customer_satisfaction', 'Customer satisfaction'],
  ['reopened_tickets', 'Reopened tickets'],
] as const;

/** One agent's numbers for the period (those of GET /agents/{id}/performance) and their days. */
export function AgentReport({ report, query }: { report: AgentReportJson; query: string }) {
  const metrics = report.metrics as Record<string, string | number | null | undefined>;
  const resolved = report.daily.reduce((n, d) => n + d.resolved, 0);
  const replies = report.daily.reduce((n, d) => n + d.replies, 0);
  return (
    <div className="space-y-4 p-4">
      <Link href={`/reports${query}`} className="text-sm text-indigo-700 hover:underline dark:text-indigo-300">
        ← Team report
      </Link>
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h1 className="text-xl font-semibold">{report.agent.name}</h1>
        <PeriodForm start={report.period.start} end={report.period.end} />
      </div>
      <dl className="grid grid-cols-2 gap-3 md:grid-cols-4">
        {shown.map(([key, name]) => (
          <div key={key} className="rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900">
            <dt className="text-xs text-slate-600 uppercase dark:text-slate-400">{name}</dt>
            <dd className="mt-1 text-xl font-semibold tabular-nums" data-testid={`metric-${key}`}>
              {formatMetric(key, metrics[key])}
            </dd>
          </div>
        ))}
      </dl>
      <ChartCard title="Resolutions and replies per day" description={`${resolved} resolutions and ${replies} public replies in the period`}>
        <LinesChart
          data={report.daily}
          x="date"
          series={[
            { key: 'resolved', name: 'Resolved' },
            { key: 'replies', name: 'Public replies' },
          ]}
        />
      </ChartCard>
    </div>
  );
}
