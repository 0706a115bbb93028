'use client';

import { useSyncExternalStore, type ReactNode } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

const DARK = '(prefers-color-scheme: dark)';

function onColourSchemeChange(notify: () => void) {
  const query = window.matchMedia(DARK);
  query.addEventListener('change', notify);
  return () => query.removeEventListener('change', notify);
}

/** Colours that read on both themes; axes and grid follow the system's light or dark setting. */
function useChartTheme() {
  // The server has no system setting and draws light; the browser then follows its own.
  const dark = useSyncExternalStore(
    onColourSchemeChange,
    () => window.matchMedia(DARK).matches,
    () => false,
  );
  return {
    text: dark ? '#cbd5e1' : '#334155',
    grid: dark ? '#334155' : '#e2e8f0',
    tooltip: { backgroundColor: dark ? '#0f172a' : '#ffffff', borderColor: dark ? '#475569' : '#cbd5e1', color: dark ? '#f1f5f9' : '#0f172a' },
    series: ['#6366f1', '#10b981', '#f59e0b', '#ef4444'],
  };
}

/** A titled chart in a box of fixed height, so the page does not move when the chart draws. */
export function ChartCard({ title, description, children }: { title: string; description: string; children: ReactNode }) {
  return (
    <figure className="rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900">
      <figcaption>
        <span className="font-semibold">{title}</span>
        <span className="sr-only">: {description}</span>
      </figcaption>
      <div className="mt-2 h-64">{children}</div>
    </figure>
  );
}

type Series = { key: string; name: string };

/** A scale fixed by what is measured (ratings 1 to 5), rather than by the period's values. */
type Scale = { domain: [number, number]; ticks: number[] };

/** Values per day, joined by straight segments: a smoothed curve would show values between days that never happened. */
export function LinesChart({ data, x, series, scale }: { data: Record<string, string | number>[]; x: string; series: Series[]; scale?: Scale }) {
  const theme = useChartTheme();
  return (
    <ResponsiveContainer width="100%" height="100%">
      <LineChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: -16 }}>
        <CartesianGrid stroke={theme.grid} strokeDasharray="3 3" />
        <XAxis dataKey={x} tick={{ fill: theme.text, fontSize: 11 }} stroke={theme.grid} />
        <YAxis allowDecimals={false} domain={scale?.domain} ticks={scale?.ticks} tick={{ fill: theme.text, fontSize: 11 }} stroke={theme.grid} />
        <Tooltip contentStyle={theme.tooltip} />
        <Legend wrapperStyle={{ color: theme.text, fontSize: 12 }} />
        {series.map((s, i) => (
          <Line key={s.key} type="linear" dataKey={s.key} name={s.name} stroke={theme.series[i]} strokeWidth={2} dot={false} isAnimationActive={false} />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}

export function BarsChart({ data, x, series }: { data: Record<string, string | number>[]; x: string; series: Series[] }) {
  const theme = useChartTheme();
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: -16 }}>
        <CartesianGrid stroke={theme.grid} strokeDasharray="3 3" />
        <XAxis dataKey={x} tick={{ fill: theme.text, fontSize: 11 }} stroke={theme.grid} />
        <YAxis allowDecimals={false} tick={{ fill: theme.text, fontSize: 11 }} stroke={theme.grid} />
        <Tooltip contentStyle={theme.tooltip} cursor={{ fill: theme.grid }} />
        {series.map((s, i) => (
          <Bar key={s.key} dataKey={s.key} name={s.name} fill={theme.series[i]} isAnimationActive={false} />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}
