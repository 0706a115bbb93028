'use client';

import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { ticketPriorities, ticketStatuses, type TicketSummaryJson } from '@/lib/tickets/schema';
import { label } from '@/components/ui/labels';
import { useAgents } from '@/components/data/agents';
import type { BulkTicketChange } from '@/components/data/tickets';
import { MergeDialog } from './merge-dialog';

type Props = {
  ids: number[];
  rows: TicketSummaryJson[];
  pending: boolean;
  error: string | null;
  onApply: (changes: BulkTicketChange[]) => void;
  onClear: () => void;
};

const control = 'rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900';

/** Changes for the selected tickets, sent in one all-or-nothing bulk update. */
export function BulkActions({ ids, rows, pending, error, onApply, onClear }: Props) {
  const agents = useAgents();
  const [tag, setTag] = useState('');
  const [merging, setMerging] = useState(false);
  const each = (change: Omit<BulkTicketChange, 'id'>) => onApply(ids.map((id) => ({ id, ...change })));

  return (
    <section
      aria-label="Bulk actions"
      className="mt-3 flex flex-wrap items-center gap-2 rounded-md border border-indigo-200 bg-indigo-50 p-2 text-sm dark:border-indigo-900 dark:bg-indigo-950"
    >
      <span className="font-medium">{ids.length} selected</span>
      <label className="flex items-center gap-1">
        Assign to
        <select
          className={control}
          value=""
          disabled={pending}
          onChange={(e) => e.target.value && each({ assigned_agent_id: e.target.value === 'none' ? null : Number(e.target.value) })}
        >
          <option value="">Choose…</option>
          <option value="none">Nobody</option>
          {(agents.data ?? []).map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
      </label>
      <label className="flex items-center gap-1">
        Status
        <select
          className={control}
          value=""
          disabled={pending}
          onChange={(e) => e.target.value && each({ status: ticketStatuses.find((s) => s === e.target.value) })}
        >
          <option value="">Choose…</option>
          {ticketStatuses.map((s) => (
            <option key={s} value={s}>
              {label(s)}
            </option>
          ))}
        </select>
      </label>
      <label className="flex items-center gap-1">
        Priority
        <select className={control} value="" disabled={pending} onChange={(e) => e.target.value && each({ priority: e.target.value })}>
          <option value="">Choose…</option>
          {ticketPriorities.map((p) => (
            <option key={p} value={p}>
              {label(p)}
            </option>
          ))}
        </select>
      </label>
      <form
        className="flex items-center gap-1"
        onSubmit={(e) => {
          e.preventDefault();
          const value = tag.trim();
          if (!value) return;
          // Each ticket keeps its own tags and gains the new one.
          onApply(ids.map((id) => ({ id, tags: [...new Set([...(rows.find((r) => r.id === id)?.tags ?? []), value])] })));
          setTag('');
        }}
      >
        <label htmlFor="bulk-tag" className="sr-only">
          Tag to add
        </label>
        <input id="bulk-tag" value={tag} onChange={(e) => setTag(e.target.value)} placeholder="Add tag" className={`${control} w-28`} />
        <Button type="submit" variant="secondary" disabled={pending}>
          Add
        </Button>
      </form>
      <Button variant="secondary" disabled={pending} onClick={() => setMerging(true)}>
        Merge into…
      </Button>
      {merging && (
        <MergeDialog
          duplicates={ids.map((id) => rows.find((r) => r.id === id) ?? { id, number: `#${id}` })}
          customerId={rows.find((r) => ids.includes(r.id))?.customer?.id ?? null}
          onClose={() => setMerging(false)}
        />
      )}
      <Button variant="ghost" onClick={onClear}>
        Clear selection
      </Button>
      {pending && <span role="status">Saving…</span>}
      {error && (
        <span role="alert" className="text-red-800 dark:text-red-300">
          {error}
        </span>
      )}
    </section>
  );
}
