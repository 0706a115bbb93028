import type { ReactNode } from 'react';

/** The badge colours; each pair keeps WCAG AA contrast in the light and the dark theme. */
export type Tone = 'slate' | 'sky' | 'amber' | 'violet' | 'emerald' | 'red';

const tones: Record<Tone, string> = {
  slate: 'bg-slate-200 text-slate-800 dark:bg-slate-800 dark:text-slate-200',
  sky: 'bg-sky-100 text-sky-900 dark:bg-sky-950 dark:text-sky-200',
  amber: 'bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200',
  violet: 'bg-violet-100 text-violet-900 dark:bg-violet-950 dark:text-violet-200',
  emerald: 'bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200',
  red: 'bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200',
};

/** A short state word in a coloured pill: a ticket's status, a key's permission, a webhook's health. */
export function Badge({ tone, children }: { tone: Tone; children: ReactNode }) {
  return <span className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ${tones[tone]}`}>{children}</span>;
}
