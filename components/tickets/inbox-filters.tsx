'use client';

import { type RefObject, useState } from 'react';
import { useAgents } from '@/components/data/agents';
import { useDepartments } from '@/components/data/organisation';
import { Button } from '@/components/ui/button';
import { DateInput } from '@/components/ui/date-filter';
import { choicesOf } from '@/components/ui/labels';
import { ticketPriorities, ticketStatuses } from '@/lib/tickets/schema';
import { CustomFieldFilter, filterControl as control, TagFilter } from './tag-and-field-filters';
import { filterCount, type InboxState, type SlaFilter, slaFilters, withSearch } from './inbox-query';

const sortChoices = [
  { value: 'created_at:desc', label: 'Newest' },
  { value: 'created_at:asc', label: 'Oldest' },
  { value: 'updated_at:desc', label: 'Recently updated' },
  { value: 'priority:desc', label: 'Urgent first' },
  // Next deadline first; tickets without a running clock last.
  { value: 'sla_due_at:asc', label: 'SLA due' },
];

const slaChoices: { value: SlaFilter; label: string }[] = [
  { value: '', label: 'SLA: any' },
  { value: 'breached', label: 'SLA breached' },
  { value: 'due_soon', label: 'SLA due within 1 hour' },
  { value: 'not_breached', label: 'SLA not breached' },
];

/** A filter's select, as wide as its longest choice allows; the first choice ("Any status") says what it filters. */
function FilterSelect(props: { id: string; label: string; value: string; options: { value: string; label: string }[]; onChange: (value: string) => void }) {
  return (
    <div>
      <label htmlFor={props.id} className="sr-only">
        {props.label}
      </label>
      <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.target.value)} className={`${control} w-full md:w-auto md:max-w-44`}>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * The search box, the filters narrowing the view and the sort; every change goes to the URL through
 * `onChange`. From `md` up the filters sit in one row beside the search (the rarer ones behind
 * "More filters"); on a phone they wait behind a Filters button, so the tickets come first.
 */
export function InboxFilters({
  state,
  searchRef,
  onChange: go,
}: {
  state: InboxState;
  searchRef: RefObject<HTMLInputElement | null>;
  onChange: (next: Partial<InboxState>) => void;
}) {
  const agents = useAgents();
  const departments = useDepartments();
  const [open, setOpen] = useState(false);
  const count = filterCount(state);
  const moreCount = [state.department, state.sla, state.created_after, state.updated_after].filter(Boolean).length + Object.keys(state.custom_fields).length;
  // Open from the start when a link or a saved view brings filters that live there.
  const [more, setMore] = useState(moreCount > 0);
  return (
    <div className="mt-3">
      <div className="flex flex-wrap items-center gap-2">
        <search className="min-w-32 flex-1">
          <form
            onSubmit={(event) => {
              event.preventDefault();
              go(withSearch(state, String(new FormData(event.currentTarget).get('q') ?? '').trim()));
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
              className={`${control} w-full`}
            />
          </form>
        </search>
        <Button variant="secondary" className="md:hidden" aria-expanded={open} aria-controls="inbox-filter-panel" onClick={() => setOpen(!open)}>
          Filters{count > 0 && <span className="tabular-nums"> ({count})</span>}
        </Button>
        <div id="inbox-filter-panel" className={`${open ? 'grid' : 'hidden'} w-full grid-cols-2 gap-2 md:contents`}>
          <FilterSelect
            id="filter-status"
            label="Status"
            value={state.status}
            options={[{ value: '', label: 'Any status' }, ...choicesOf(ticketStatuses)]}
            onChange={(status) => go({ status })}
          />
          <FilterSelect
            id="filter-priority"
            label="Priority"
            value={state.priority}
            options={[{ value: '', label: 'Any priority' }, ...choicesOf(ticketPriorities)]}
            onChange={(priority) => go({ priority })}
          />
          <FilterSelect
            id="filter-assignee"
            label="Assignee"
            value={state.assignee}
            options={[{ value: '', label: 'Anyone' }, ...(agents.data ?? []).map((a) => ({ value: String(a.id), label: a.name }))]}
            onChange={(assignee) => go({ assignee })}
          />
          <TagFilter state={state} onChange={go} />
          <Button variant="secondary" aria-expanded={more} aria-controls="inbox-more-filters" onClick={() => setMore(!more)}>
            More filters{moreCount > 0 && <span className="tabular-nums"> ({moreCount})</span>}
          </Button>
          <FilterSelect
            id="inbox-sort"
            label="Sort"
            value={`${state.sort}:${state.order}`}
            options={[...(state.q ? [{ value: 'relevance:desc', label: 'Best match' }] : []), ...sortChoices]}
            onChange={(value) => {
              const [sort, order] = value.split(':') as [InboxState['sort'], InboxState['order']];
              go({ sort, order });
            }}
          />
        </div>
      </div>
      {more && (
        <div id="inbox-more-filters" className={`${open ? 'flex' : 'hidden'} mt-2 flex-wrap items-center gap-2 md:flex`}>
          <FilterSelect
            id="filter-department"
            label="Department"
            value={state.department}
            options={[{ value: '', label: 'Any department' }, ...(departments.data ?? []).map((d) => ({ value: String(d.id), label: d.name }))]}
            onChange={(department) => go({ department })}
          />
          <FilterSelect
            id="filter-sla"
            label="SLA"
            value={state.sla}
            options={slaChoices}
            onChange={(sla) => go({ sla: slaFilters.find((f) => f === sla) ?? '' })}
          />
          <DateInput id="filter-created" label="Created after" value={state.created_after} onChange={(created_after) => go({ created_after })} />
          <DateInput id="filter-updated" label="Updated after" value={state.updated_after} onChange={(updated_after) => go({ updated_after })} />
          <FilterSelect
            id="filter-tags-match"
            label="Tickets with"
            value={state.tags_match}
            options={[
              { value: 'any', label: 'Any of the tags' },
              { value: 'all', label: 'All of the tags' },
            ]}
            onChange={(tags_match) => go({ tags_match: tags_match === 'all' ? 'all' : 'any' })}
          />
          <CustomFieldFilter state={state} onChange={go} />
        </div>
      )}
    </div>
  );
}
