'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import Link from 'next/link';
import { CustomFieldControl, customFieldInputText, customFieldValue, useCustomFieldDefinitions } from '@/components/custom-fields';
import { Field, type ControlProps } from '@/components/ui/field';
import { InlineSelect } from '@/components/ui/inline-select';
import type { CustomFieldJson } from '@/lib/custom-fields/serialize';
import type { TicketJson, TicketSummaryJson } from '@/lib/tickets/serialize';
import { ticketPriorities, ticketStatuses } from '@/lib/tickets/schema';
import { api, ApiError } from '@/lib/ui/api';
import { Activity } from './activity';
import { Composer } from './composer';
import { CollisionNotice } from './presence';
import { PriorityBadge, StatusBadge, label } from './labels';
import { useAgents, useCategories, useDepartments } from './lookups';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** One ticket: the conversation, the composer, and its properties, editable in place. */
export function TicketView({ id }: { id: number }) {
  const queryClient = useQueryClient();
  const [typing, setTyping] = useState(false);
  const key = ['ticket', id];
  const ticket = useQuery({ queryKey: key, queryFn: () => api<TicketJson>('GET', `/tickets/${id}`), refetchInterval: 10_000 });

  // Optimistic: the panel shows the change at once and rolls back if the API refuses it.
  const update = useMutation({
    mutationFn: (change: Record<string, unknown>) => api<TicketJson>('PUT', `/tickets/${id}`, change),
    onMutate: async (change) => {
      await queryClient.cancelQueries({ queryKey: key });
      const before = queryClient.getQueryData<{ data: TicketJson }>(key);
      if (before) queryClient.setQueryData(key, { ...before, data: { ...before.data, ...optimistic(change) } });
      return { before };
    },
    onError: (_error, _change, context) => context?.before && queryClient.setQueryData(key, context.before),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: key });
      void queryClient.invalidateQueries({ queryKey: ['tickets'] });
    },
  });

  if (ticket.isPending) return <p className="p-6 text-sm text-slate-600" role="status">Loading ticket…</p>;
  if (ticket.isError) {
    return (
      <div role="alert" className="m-6 rounded-md border border-red-200 bg-red-50 p-4 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200">
        {ticket.error instanceof ApiError && ticket.error.status === 404 ? 'This ticket does not exist, or was deleted.' : `The ticket could not be loaded: ${ticket.error.message}`}{' '}
        <Link href="/tickets" className="underline">
          Back to the inbox
        </Link>
      </div>
    );
  }
  const t = ticket.data.data;

  return (
    <div className="grid gap-4 p-4 lg:grid-cols-[1fr_20rem]">
      <article aria-labelledby="ticket-subject" className="min-w-0">
        <Link href="/tickets" className="text-sm text-indigo-700 hover:underline dark:text-indigo-300">
          ← Inbox
        </Link>
        <header className="mt-2">
          <p className="font-mono text-xs text-slate-600 dark:text-slate-400">{t.number}</p>
          {/* Customer text is rendered as text, never as HTML. */}
          <h1 id="ticket-subject" className="text-xl font-semibold break-words">
            {t.subject}
          </h1>
          <div className="mt-1 flex gap-2">
            <StatusBadge status={t.status} />
            <PriorityBadge priority={t.priority} />
          </div>
        </header>

        <ol className="mt-4 space-y-3" aria-label="Conversation">
          {t.description && (
            <Message author={t.customer?.name ?? 'Customer'} when={t.created_at} internal={false}>
              {t.description}
            </Message>
          )}
          {t.replies.map((reply) => (
            <Message key={reply.id} author={reply.author.name ?? 'Unknown'} when={reply.created_at} internal={reply.type === 'internal'} attachments={reply.attachments}>
              {reply.content}
            </Message>
          ))}
        </ol>
        <TicketFiles ticket={t} />

        <CollisionNotice ticketId={t.id} typing={typing} />
        <Composer ticketId={t.id} onTyping={setTyping} onSent={() => void queryClient.invalidateQueries({ queryKey: key })} />
      </article>

      <aside aria-label="Properties" className="space-y-4">
        <PropertiesPanel ticket={t} onChange={(change) => update.mutate(change)} />
        {update.isError && (
          <p role="alert" className="rounded-md bg-red-50 p-2 text-sm text-red-800 dark:bg-red-950 dark:text-red-200">
            Not saved: {update.error.message}
          </p>
        )}
        <Activity ticketId={t.id} version={t.updated_at} />
        {t.customer && (
          <section aria-labelledby="customer-card" className="rounded-lg border border-slate-200 bg-white p-3 text-sm dark:border-slate-800 dark:bg-slate-900">
            <h2 id="customer-card" className="font-semibold">
              {t.customer.name}
            </h2>
            <p className="text-slate-600 dark:text-slate-400">{t.customer.email}</p>
            {t.customer.organization && <p>{t.customer.organization}</p>}
            <OtherTickets customerId={t.customer.id} ticketId={t.id} />
            <Link href={`/customers/${t.customer.id}`} className="mt-2 inline-block text-indigo-700 hover:underline dark:text-indigo-300">
              Profile and all tickets
            </Link>
          </section>
        )}
      </aside>
    </div>
  );
}

/** The customer's most recently updated other tickets, for the customer card. */
function OtherTickets({ customerId, ticketId }: { customerId: number; ticketId: number }) {
  const others = useQuery({
    queryKey: ['customer', customerId, 'tickets', 'recent'],
    queryFn: () => api<TicketSummaryJson[]>('GET', `/customers/${customerId}/tickets?sort=updated_at&per_page=6`),
    select: (answer) => answer.data.filter((o) => o.id !== ticketId).slice(0, 5),
  });
  if (!others.data?.length) return null;
  return (
    <ul className="mt-2 space-y-1" aria-label="Other tickets of this customer">
      {others.data.map((o) => (
        <li key={o.id} className="flex items-center justify-between gap-2">
          <Link href={`/tickets/${o.id}`} className="truncate hover:underline">
            {o.subject}
          </Link>
          <StatusBadge status={o.status} />
        </li>
      ))}
    </ul>
  );
}

/** Files added to the ticket itself; those sent with a reply are shown with it. */
function TicketFiles({ ticket }: { ticket: TicketJson }) {
  const inReplies = new Set(ticket.replies.flatMap((r) => r.attachments.map((a) => a.id)));
  const own = ticket.attachments.filter((a) => !inReplies.has(a.id));
  return own.length > 0 ? <AttachmentList attachments={own} /> : null;
}

/** What a PUT will make of the ticket, for the optimistic view (assignee names come with the answer). */
function optimistic(change: Record<string, unknown>): Partial<TicketJson> {
  const { status, priority, due_date, tags } = change as Partial<TicketJson>;
  return Object.fromEntries(Object.entries({ status, priority, due_date, tags }).filter(([, v]) => v !== undefined));
}

function Message(props: { author: string; when: string; internal: boolean; attachments?: TicketJson['attachments']; children: string }) {
  return (
    <li
      data-testid={props.internal ? 'internal-note' : 'public-message'}
      className={`rounded-lg border p-3 ${props.internal ? 'border-amber-300 bg-amber-50 dark:border-amber-800 dark:bg-amber-950' : 'border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900'}`}
    >
      <div className="flex items-baseline justify-between gap-2 text-sm">
        <span className="font-medium">
          {props.author}
          {props.internal && <span className="ml-2 rounded bg-amber-200 px-1.5 py-0.5 text-xs text-amber-900 dark:bg-amber-800 dark:text-amber-100">Internal note</span>}
        </span>
        <time dateTime={props.when} className="text-xs text-slate-600 dark:text-slate-400">
          {dateFormat.format(new Date(props.when))}
        </time>
      </div>
      <p className="mt-2 text-sm break-words whitespace-pre-wrap">{props.children}</p>
      {props.attachments && props.attachments.length > 0 && <AttachmentList attachments={props.attachments} />}
    </li>
  );
}

/** Downloads go through the API with the session's client header, so they are fetched, then saved. */
function AttachmentList({ attachments }: { attachments: TicketJson['attachments'] }) {
  async function download(file: TicketJson['attachments'][number]) {
    const response = await fetch(`/api/v1/files/${file.id}/download`, { headers: { 'X-Loopdesk-Client': 'web' } });
    if (!response.ok) return;
    const url = URL.createObjectURL(await response.blob());
    const link = Object.assign(document.createElement('a'), { href: url, download: file.filename });
    link.click();
    URL.revokeObjectURL(url);
  }
  return (
    <ul className="mt-2 flex flex-wrap gap-2" aria-label="Attachments">
      {attachments.map((file) => (
        <li key={file.id}>
          <button type="button" onClick={() => void download(file)} className="rounded border border-slate-300 px-2 py-1 text-xs hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800">
            📎 {file.filename} <span className="text-slate-600 dark:text-slate-400">({Math.ceil(file.size / 1024)} KB)</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

const control = 'mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900';

function PropertiesPanel({ ticket, onChange }: { ticket: TicketJson; onChange: (change: Record<string, unknown>) => void }) {
  const agents = useAgents();
  const departments = useDepartments();
  const categories = useCategories(ticket.department?.id ?? null);
  const definitions = useCustomFieldDefinitions('ticket');
  const select = (id: string, text: string, value: string | number, options: { id: number | string; name: string }[], change: (value: string) => void, none = 'None') => (
    <div>
      <label htmlFor={id}>{text}</label>
      <select id={id} className={control} value={value} onChange={(e) => change(e.target.value)}>
        <option value="">{none}</option>
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </select>
    </div>
  );
  const idOrNull = (value: string) => (value ? Number(value) : null);
  return (
    <section aria-labelledby="properties-title" className="space-y-3 rounded-lg border border-slate-200 bg-white p-3 text-sm dark:border-slate-800 dark:bg-slate-900">
      <h2 id="properties-title" className="font-semibold">
        Properties
      </h2>
      <InlineSelect id="prop-status" label="Status" value={ticket.status} options={ticketStatuses.map((s) => ({ value: s, label: label(s) }))} onChange={(status) => onChange({ status })} />
      <InlineSelect id="prop-priority" label="Priority" value={ticket.priority} options={ticketPriorities.map((p) => ({ value: p, label: label(p) }))} onChange={(priority) => onChange({ priority })} />
      {select('prop-assignee', 'Assignee', ticket.assigned_agent?.id ?? '', agents.data ?? [], (v) => onChange({ assigned_agent_id: idOrNull(v) }), 'Unassigned')}
      {select('prop-department', 'Department', ticket.department?.id ?? '', departments.data ?? [], (v) => onChange({ department_id: idOrNull(v), category_id: null }))}
      {select('prop-category', 'Category', ticket.category?.id ?? '', categories.data ?? [], (v) => onChange({ category_id: idOrNull(v) }))}
      <div>
        <label htmlFor="prop-due">Due</label>
        <input
          id="prop-due"
          type="datetime-local"
          className={control}
          defaultValue={ticket.due_date ? ticket.due_date.slice(0, 16) : ''}
          key={ticket.due_date ?? 'none'}
          onBlur={(e) => {
            const value = e.target.value ? `${e.target.value}:00Z` : null;
            if (value !== ticket.due_date) onChange({ due_date: value });
          }}
        />
      </div>
      <TagsField tags={ticket.tags} onChange={(tags) => onChange({ tags })} />
      {(definitions.data ?? []).map((def) => (
        <Field key={def.key} name={`custom_fields.${def.key}`} label={def.label}>
          {(controlProps) => (
            <CustomFieldEditor definition={def} stored={ticket.custom_fields[def.key]} controlProps={controlProps} onCommit={(value) => onChange({ custom_fields: { [def.key]: value } })} />
          )}
        </Field>
      ))}
      <p className="text-xs text-slate-600 dark:text-slate-400">Created {dateFormat.format(new Date(ticket.created_at))}</p>
    </section>
  );
}

/** A custom field edited in place: selects save at once, typed values when the field is left. */
function CustomFieldEditor(props: {
  definition: CustomFieldJson;
  stored: TicketJson['custom_fields'][string] | undefined;
  controlProps: ControlProps;
  onCommit: (value: string | number | boolean | null) => void;
}) {
  const storedText = customFieldInputText(props.definition, props.stored);
  const [text, setText] = useState(storedText);
  useEffect(() => setText(storedText), [storedText]);
  const commit = (value: string) => value !== storedText && props.onCommit(customFieldValue(props.definition, value));
  const immediate = props.definition.type === 'boolean' || props.definition.type === 'select';
  return (
    <div onBlur={() => !immediate && commit(text)}>
      <CustomFieldControl
        definition={props.definition}
        value={text}
        control={props.controlProps}
        onChange={(value) => {
          setText(value);
          if (immediate) commit(value);
        }}
      />
    </div>
  );
}

function TagsField({ tags, onChange }: { tags: string[]; onChange: (tags: string[]) => void }) {
  return (
    <div>
      <span>Tags</span>
      <ul className="mt-1 flex flex-wrap gap-1" aria-label="Tags">
        {tags.map((tag) => (
          <li key={tag} className="flex items-center gap-1 rounded-full bg-slate-100 px-2 py-0.5 text-xs dark:bg-slate-800">
            {tag}
            <button type="button" aria-label={`Remove tag ${tag}`} onClick={() => onChange(tags.filter((t) => t !== tag))}>
              ×
            </button>
          </li>
        ))}
      </ul>
      <form
        className="mt-1"
        onSubmit={(e) => {
          e.preventDefault();
          const input = e.currentTarget.elements.namedItem('tag') as HTMLInputElement;
          const value = input.value.trim();
          if (value && !tags.includes(value)) onChange([...tags, value]);
          input.value = '';
        }}
      >
        <label className="sr-only" htmlFor="add-tag">
          Add a tag
        </label>
        <input id="add-tag" name="tag" placeholder="Add a tag" className={control} />
      </form>
    </div>
  );
}
