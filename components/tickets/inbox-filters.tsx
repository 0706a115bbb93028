'use client';

import type { RefObject } from 'react';
import { useAgents } from '@/components/data/agents';
import { useDepartments } from '@/components/data/organisation';
import { Button } from '@/components/ui/button';
import { DateInput } from '@/components/ui/date-filter';
import { InlineSelect } from '@/components/ui/inline-select';
import { choicesOf } from '@/components/ui/labels';
import { ticketPriorities, ticketStatuses } from '@/lib/tickets/schema';
import type { InboxState } from './inbox-query';

const sortChoices = [
  { value: 'created_at:desc', label: 'Newest' },
  { value: 'created_at:asc', label: 'Oldest' },
  { value: 'updated_at:desc', label: 'Recently updated' },
  { value: 'priority:desc', label: 'Priority, urgent first' },
];

/** The search box, the filters narrowing the view, the sort and New ticket; every change goes to the URL through `onChange`. */
export function InboxFilters({
  state,
  searchRef,
  onChange: go,
  onNewTicket,
}: {
  state: InboxState;
  searchRef: RefObject<HTMLInputElement | null>;
  onChange: (next: Partial<InboxState>) => void;
  onNewTicket: () => void;
}) {
  const agents = useAgents();
  const departments = useDepartments();
  return (
    <>
      <search className="flex-1">
        <form
          onSubmit={(event) => {
            event.preventDefault();
            go({ q: String(new FormData(event.currentTarget).get('q') ?? '').trim() });
          }}
        >
          <label htmlFor="inbox-search" className="sr-only">
            Search tickets
          </label>
          <input
            ref={searchRef}
            id="inbox-search"
            name="q"
            type="search"
            defaultValue={state.q}
            key={state.q}
            placeholder="Search tickets (press /)"
            className="w-full min-w-48 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900"
          />
        </form>
      </search>
      <InlineSelect
        id="filter-status"
        label="Status"
        value={state.status}
        options={[{ value: '', label: 'Any' }, ...choicesOf(ticketStatuses)]}
        onChange={(status) => go({ status })}
      />
      <InlineSelect
        id="filter-priority"
        label="Priority"
        value={state.priority}
        options={[{ value: '', label: 'Any' }, ...choicesOf(ticketPriorities)]}
        onChange={(priority) => go({ priority })}
      />
      <InlineSelect
        id="filter-assignee"
        label="Assignee"
        value={state.assignee}
        options={[{ value: '', label: 'Any' }, ...(agents.data ?? []).map((a) => ({ value: String(a.id), label: a.name }))]}
        onChange={(assignee) => go({ assignee })}
      />
      <InlineSelect
        id="filter-department"
        label="Department"
        value={state.department}
        options={[{ value: '', label: 'Any' }, ...(departments.data ?? []).map((d) => ({ value: String(d.id), label: d.name }))]}
        onChange={(department) => go({ department })}
      />
      <DateInput id="filter-created" label="Created after" value={state.created_after} onChange={(created_after) => go({ created_after })} />
      <DateInput id="filter-updated" label="Updated after" value={state.updated_after} onChange={(updated_after) => go({ updated_after })} />
      <InlineSelect
        id="inbox-sort"
        label="Sort"
        value={`${state.sort}:${state.order}`}
        options={[...(state.q ? [{ value: 'relevance:desc', label: 'Best match' }] : []), ...sortChoices]}
        onChange={(value) => {
          const [sort, order] = value.split(':') as [InboxState['sort'], InboxState['order']];
          go({ sort, order });
        }}
      />
      <Button onClick={onNewTicket}>New ticket</Button>
    </>
  );
}
