'use client';

import Link from 'next/link';
import { Button } from '@/components/ui/button';
import { Table } from '@/components/ui/table';
import type { TeamReportJson } from '@/lib/reports/schema';
import { label } from '@/components/ui/labels';
import { BarsChart, ChartCard, LinesChart } from './charts';
import { formatMetric } from './metric-format';
import { PeriodForm } from './period-form';

type AgentRow = TeamReportJson['agents'][number];
type Metrics = Record<string, string | number | null | undefined>;

const metricColumns = [
  { key: 'tickets_handled', label: 'Handled' },
  { key: 'tickets_resolved', label: 'Resolved' },
  { key: 'average_response_time', label: 'Avg. first response' },
  { key: 'average_resolution_time', label: 'Avg. resolution' },
  { key: 'first_contact_resolution', label: 'First-contact resolution' },
  { key: 'customer_satisfaction', label: 'CSAT' },
  { key: 'reopened_tickets', label: 'Reopened' },
] as const;

/** The per-agent table as CSV, the same columns and numbers as on screen (durations also in seconds). */
export function agentTableCsv(rows: AgentRow[]): string {
  const header = ['agent_id', 'agent', ...metricColumns.map((c) => c.key), 'average_response_time_seconds', 'average_resolution_time_seconds'];
  const cell = (v: unknown) => {
    const text = v === null || v === undefined ? '' : String(v);
    // Quoted when needed; a leading =, +, - or @ is defused so a spreadsheet never runs it as a formula.
    const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
    return /[",\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  const lines = rows.map((r) => {
    const m = r.metrics as Metrics;
    return [r.agent.id, r.agent.name, ...metricColumns.map((c) => m[c.key]), m.average_response_time_seconds, m.average_resolution_time_seconds]
      .map(cell)
      .join(',');
  });
  return `${[header.join(','), ...lines].join('\n')}\n`;
}

function downloadCsv(report: TeamReportJson) {
  const blob = new Blob([agentTableCsv(report.agents)], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const link = Object.assign(document.createElement('a'), {
    href: url,
    download: `agents-${report.period.start.slice(0, 10)}-to-${report.period.end.slice(0, 10)}.csv`,
  });
  link.click();
  URL.revokeObjectURL(url);
}

/** The team dashboard: volume, backlog, how fast tickets are answered and solved, satisfaction, and each agent's numbers. */
export function TeamDashboard({ report, query }: { report: TeamReportJson; query: string }) {
  const created = report.daily.reduce((n, d) => n + d.created, 0);
  const resolved = report.daily.reduce((n, d) => n + d.resolved, 0);
  const open = Object.values(report.backlog.by_status).reduce((n, v) => n + v, 0);
  const ratings = report.satisfaction.reduce((n, d) => n + d.count, 0);
  const csat = ratings ? Math.round((report.satisfaction.reduce((n, d) => n + d.average * d.count, 0) / ratings) * 10) / 10 : null;
  const byKey = (values: Record<string, number>) => Object.entries(values).map(([key, count]) => ({ name: label(key), count }));

  return (
    <div className="space-y-4 p-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h1 className="text-xl font-semibold">Reports</h1>
        <PeriodForm start={report.period.start} end={report.period.end} />
      </div>

      <dl className="grid grid-cols-2 gap-3 md:grid-cols-4">
        {[
          ['Tickets created', created],
          ['Tickets resolved', resolved],
          ['Open now', open],
          ['Average CSAT', csat === null ? '—' : `${csat} / 5`],
        ].map(([name, value]) => (
          <div key={name} className="rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900">
            <dt className="text-xs text-slate-600 uppercase dark:text-slate-400">{name}</dt>
            <dd className="mt-1 text-2xl font-semibold tabular-nums" data-testid={`summary-${String(name).toLowerCase().replace(/\W+/g, '-')}`}>
              {value}
            </dd>
          </div>
        ))}
      </dl>

      <SlaAttainment sla={report.sla} />

      <div className="grid gap-4 lg:grid-cols-2">
        <ChartCard title="Created and resolved per day" description={`${created} created and ${resolved} resolved in the period`}>
          <LinesChart
            data={report.daily}
            x="date"
            series={[
              { key: 'created', name: 'Created' },
              { key: 'resolved', name: 'Resolved' },
            ]}
          />
        </ChartCard>
        <ChartCard title="Customer satisfaction" description={csat === null ? 'no ratings in the period' : `average ${csat} of 5 from ${ratings} ratings`}>
          <LinesChart
            data={report.satisfaction}
            x="date"
            series={[{ key: 'average', name: 'Average rating' }]}
            scale={{ domain: [1, 5], ticks: [1, 2, 3, 4, 5] }}
          />
        </ChartCard>
        <ChartCard
          title="Open backlog by status"
          description={byKey(report.backlog.by_status)
            .map((b) => `${b.name} ${b.count}`)
            .join(', ')}
        >
          <BarsChart data={byKey(report.backlog.by_status)} x="name" series={[{ key: 'count', name: 'Tickets' }]} />
        </ChartCard>
        <ChartCard
          title="Open backlog by priority"
          description={byKey(report.backlog.by_priority)
            .map((b) => `${b.name} ${b.count}`)
            .join(', ')}
        >
          <BarsChart data={byKey(report.backlog.by_priority)} x="name" series={[{ key: 'count', name: 'Tickets' }]} />
        </ChartCard>
        <ChartCard title="Time to first response" description={report.first_response.map((b) => `${b.bucket}: ${b.count}`).join(', ')}>
          <BarsChart data={report.first_response} x="bucket" series={[{ key: 'count', name: 'Tickets' }]} />
        </ChartCard>
        <ChartCard title="Time to resolution" description={report.resolution.map((b) => `${b.bucket}: ${b.count}`).join(', ')}>
          <BarsChart data={report.resolution} x="bucket" series={[{ key: 'count', name: 'Tickets' }]} />
        </ChartCard>
      </div>

      <section aria-labelledby="agents-title">
        <div className="flex items-center justify-between">
          <h2 id="agents-title" className="text-lg font-semibold">
            Agents
          </h2>
          <Button variant="secondary" onClick={() => downloadCsv(report)}>
            Export CSV
          </Button>
        </div>
        <Table
          labelledBy="agents-title"
          className="mt-2"
          columns={[{ label: 'Agent' }, ...metricColumns.map((c) => ({ label: c.label, className: 'text-right' }))]}
        >
          {report.agents.map((row) => (
            <tr key={row.agent.id} data-testid="agent-row" className="border-b border-slate-100 last:border-0 dark:border-slate-800">
              <td className="px-3 py-2 whitespace-nowrap">
                <Link href={`/reports/agents/${row.agent.id}${query}`} className="font-medium hover:underline">
                  {row.agent.name}
                </Link>
              </td>
              {metricColumns.map((c) => (
                <td key={c.key} className="px-3 py-2 text-right whitespace-nowrap tabular-nums">
                  {formatMetric(c.key, (row.metrics as Metrics)[c.key])}
                </td>
              ))}
            </tr>
          ))}
        </Table>
      </section>
    </div>
  );
}

type Attainment = TeamReportJson['sla']['first_response'];

/**
 * Of the goals reached in the period under an SLA target, the share reached in time, and the counts
 * behind it. Rounded down, so that a period with a breach never reads as 100%.
 */
function SlaAttainment({ sla }: { sla: TeamReportJson['sla'] }) {
  const measures: [string, string, Attainment][] = [
    ['First response', 'first-response', sla.first_response],
    ['Resolution', 'resolution', sla.resolution],
  ];
  return (
    <section aria-labelledby="sla-attainment-title">
      <h2 id="sla-attainment-title" className="text-lg font-semibold">
        SLA attainment
      </h2>
      <dl className="mt-2 grid grid-cols-2 gap-3 md:grid-cols-4">
        {measures.map(([name, id, a]) => (
          <div key={id} className="rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900">
            <dt className="text-xs text-slate-600 uppercase dark:text-slate-400">{name}</dt>
            <dd className="mt-1">
              <span className="text-2xl font-semibold tabular-nums" data-testid={`sla-${id}-rate`}>
                {a.rate === null ? '—' : `${Math.floor(a.rate * 100 + 1e-9)}%`}
              </span>
              <span className="block text-xs text-slate-600 tabular-nums dark:text-slate-400" data-testid={`sla-${id}-counts`}>
                {a.met + a.breached === 0 ? 'none measured' : `${a.met} met of ${a.met + a.breached}`}
              </span>
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
