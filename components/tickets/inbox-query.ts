import type { SignedInAgent as CurrentAgent } from '@/lib/auth/signed-in-agent';
import { wallTimeToInstant } from '@/lib/zoned-time';

/** The inbox's state, all of it in the URL so that a view can be shared and bookmarked. */
export type InboxState = {
  view: ViewId;
  q: string;
  status: string;
  priority: string;
  /** Agent id, or '' */
  assignee: string;
  /** Department id, or '' */
  department: string;
  /** Days (YYYY-MM-DD), or '' */
  created_after: string;
  updated_after: string;
  /** Tags as typed, comma-separated ('' for none); `tags_match` says whether a ticket needs any or all of them. */
  tags: string;
  tags_match: 'any' | 'all';
  /** Custom field key → the value a ticket must have; the API's `custom_fields[key]=value`. */
  custom_fields: Record<string, string>;
  /** Service level: tickets with a breach, at risk (a deadline within the hour, none missed yet), or without a breach; '' for any. */
  sla: SlaFilter;
  sort: 'created_at' | 'updated_at' | 'priority' | 'sla_due_at' | 'relevance';
  order: 'asc' | 'desc';
  page: number;
};

export const views = [
  { id: 'mine', label: 'My open tickets' },
  { id: 'unassigned', label: 'Unassigned' },
  { id: 'open', label: 'All open' },
  { id: 'overdue', label: 'Overdue' },
  { id: 'recent', label: 'Recently updated' },
  { id: 'resolved', label: 'Resolved' },
  { id: 'all', label: 'All tickets' },
] as const;

export type ViewId = (typeof views)[number]['id'];

export const slaFilters = ['', 'breached', 'due_soon', 'not_breached'] as const;
export type SlaFilter = (typeof slaFilters)[number];

/** How far ahead "due within the hour" looks. */
const DUE_SOON_MS = 60 * 60_000;

/** To the minute, so that the request (and its cache entry) stays the same between renders. */
const toTheMinute = (ms: number) => new Date(Math.floor(ms / 60_000) * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The API filters behind an SLA choice. */
function slaParams(filter: SlaFilter, now: Date): [string, string][] {
  switch (filter) {
    case 'breached':
      return [['sla_breached', 'true']];
    case 'not_breached':
      return [['sla_breached', 'false']];
    case 'due_soon':
      // A deadline already missed is a breach, not a risk: those have their own choice.
      return [
        ['sla_breached', 'false'],
        ['sla_due_before', toTheMinute(now.getTime() + DUE_SOON_MS)],
      ];
    case '':
      return [];
  }
}

const OPEN = 'open,pending,on_hold';

/** The API filters behind each built-in view. */
export function viewFilters(view: ViewId, agent: CurrentAgent, now = new Date()): Record<string, string> {
  switch (view) {
    case 'mine':
      return { assigned_agent_id: String(agent.id), status: OPEN };
    case 'unassigned':
      return { unassigned: 'true', status: OPEN };
    case 'open':
      return { status: OPEN };
    case 'overdue':
      return { due_before: toTheMinute(now.getTime()), status: OPEN };
    case 'recent':
      return { sort: 'updated_at' };
    case 'resolved':
      return { status: 'resolved,closed' };
    case 'all':
      return {};
  }
}

export function readInboxState(params: URLSearchParams): InboxState {
  const view = views.some((v) => v.id === params.get('view')) ? (params.get('view') as ViewId) : 'open';
  const sort = params.get('sort');
  const sla = slaFilters.find((f) => f !== '' && f === params.get('sla')) ?? '';
  return {
    view,
    q: params.get('q') ?? '',
    status: params.get('status') ?? '',
    priority: params.get('priority') ?? '',
    assignee: digits(params.get('assignee')),
    department: digits(params.get('department')),
    created_after: day(params.get('created_after')),
    updated_after: day(params.get('updated_after')),
    tags: params.get('tags_all') ?? params.get('tags') ?? '',
    tags_match: params.has('tags_all') ? 'all' : 'any',
    custom_fields: customFieldFilters(params),
    sla,
    sort:
      sort === 'updated_at' || sort === 'priority' || sort === 'sla_due_at' || sort === 'relevance' || sort === 'created_at'
        ? sort
        : params.get('q')
          ? 'relevance'
          : 'created_at',
    order: params.get('order') === 'asc' ? 'asc' : 'desc',
    page: Math.max(1, Number(params.get('page')) || 1),
  };
}

const CUSTOM_FIELD_PARAM = /^custom_fields\[([A-Za-z0-9_.-]{1,64})\]$/;

function customFieldFilters(params: URLSearchParams): Record<string, string> {
  const filters: Record<string, string> = {};
  for (const [name, value] of params) {
    const key = CUSTOM_FIELD_PARAM.exec(name)?.[1];
    if (key) filters[key] = value;
  }
  return filters;
}

/** The tags as the API takes them: trimmed, without empty entries. */
const tagList = (tags: string) =>
  tags
    .split(',')
    .map((tag) => tag.trim())
    .filter(Boolean)
    .join(',');

/** Tag and custom field filters under their URL (and API) names. */
function tagAndFieldParams(state: InboxState): [string, string][] {
  const params: [string, string][] = [];
  const tags = tagList(state.tags);
  if (tags) params.push([state.tags_match === 'all' ? 'tags_all' : 'tags', tags]);
  for (const [key, value] of Object.entries(state.custom_fields)) params.push([`custom_fields[${key}]`, value]);
  return params;
}

/** How many filters narrow the view, for the Filters button. */
export function filterCount(state: InboxState): number {
  return narrowing.filter(([name]) => state[name]).length + (tagList(state.tags) ? 1 : 0) + (state.sla ? 1 : 0) + Object.keys(state.custom_fields).length;
}

/**
 * A new search: best match first, unless the agent had chosen another order; clearing the search
 * puts back the order a list without one starts with.
 */
export function withSearch(state: InboxState, q: string): Partial<InboxState> {
  if (q) return { q, sort: state.q || state.sort !== 'created_at' ? state.sort : 'relevance' };
  return { q, sort: state.sort === 'relevance' ? 'created_at' : state.sort };
}

const digits = (value: string | null) => (value && /^\d{1,10}$/.test(value) ? value : '');
const day = (value: string | null) => (value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : '');

/** The narrowing filters an agent sets on top of a view, by their URL (and API) names. */
const narrowing = [
  ['status', 'status'],
  ['priority', 'priority'],
  ['assignee', 'assigned_agent_id'],
  ['department', 'department_id'],
  ['created_after', 'created_after'],
  ['updated_after', 'updated_after'],
] as const;

export function inboxSearch(state: InboxState): string {
  const params = new URLSearchParams();
  if (state.view !== 'open') params.set('view', state.view);
  if (state.q) params.set('q', state.q);
  for (const [name] of narrowing) if (state[name]) params.set(name, state[name]);
  for (const [name, value] of tagAndFieldParams(state)) params.set(name, value);
  if (state.sla) params.set('sla', state.sla);
  if (state.sort !== (state.q ? 'relevance' : 'created_at')) params.set('sort', state.sort);
  if (state.order !== 'desc') params.set('order', state.order);
  if (state.page > 1) params.set('page', String(state.page));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Whether a saved view's query shows the list `search` (from inboxSearch) shows, whatever the page. */
export function sameList(query: string, search: string): boolean {
  const list = (text: string) => inboxSearch({ ...readInboxState(new URLSearchParams(text)), page: 1 });
  return list(query) === list(search);
}

export const PER_PAGE = 50;

/** The /api/v1 request for a state: the view's filters, narrowed by the agent's own; days start at midnight in `zone`, the agent's. */
export function ticketsRequest(state: InboxState, agent: CurrentAgent, zone: string, now?: Date): string {
  const params = new URLSearchParams(viewFilters(state.view, agent, now));
  // A search looks through every status unless the agent picked one: the ticket sought is often resolved.
  if (state.q) params.delete('status');
  for (const [name, apiName] of narrowing) {
    if (!state[name]) continue;
    const value = name.endsWith('_after') ? wallTimeToInstant(`${state[name]}T00:00`, zone) : state[name];
    if (value) params.set(apiName, value);
  }
  for (const [name, value] of tagAndFieldParams(state)) params.set(name, value);
  for (const [name, value] of slaParams(state.sla, now ?? new Date())) params.set(name, value);
  const sort = state.sort === 'relevance' && !state.q ? 'created_at' : state.sort;
  if (!(state.view === 'recent' && sort === 'created_at')) params.set('sort', sort);
  params.set('order', state.order);
  params.set('page', String(state.page));
  params.set('per_page', String(PER_PAGE));
  if (state.q) {
    params.set('q', state.q);
    params.set('highlight', 'true');
    return `/tickets/search?${params}`;
  }
  if (params.get('sort') === 'relevance') params.delete('sort');
  return `/tickets?${params}`;
}

/** The request counting a view's tickets (one row, the total from the pagination). */
export function viewCountRequest(view: ViewId, agent: CurrentAgent, now?: Date): string {
  const params = new URLSearchParams(viewFilters(view, agent, now));
  params.set('per_page', '1');
  return `/tickets?${params}`;
}
