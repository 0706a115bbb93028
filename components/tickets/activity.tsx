'use client';

import type { ReactNode } from 'react';
import type { ActivityDetailJson, ActivityJson } from '@/lib/tickets/schema';
import { Time } from '@/components/ui/time';
import { label } from '@/components/ui/labels';
import { useTicketActivity } from '@/components/data/tickets';

/** A part of an entry: a verb ("replied") follows the actor; a field change ("Status Open → Resolved") stands alone. */
type Phrase = { verb: boolean; text: ReactNode };
const verb = (text: ReactNode): Phrase => ({ verb: true, text });
const field = (text: ReactNode): Phrase => ({ verb: false, text });

const fieldNames = { department: 'Department', category: 'Category', customer: 'Requester', due_date: 'Due date', priority: 'Priority', status: 'Status' };

/** "Priority Normal → High", "Due date set to …", "Category cleared (was Refunds)". */
function fromTo(name: string, from: ReactNode | null, to: ReactNode | null): Phrase {
  if (from !== null && to !== null)
    return field(
      <>
        {name} {from} → {to}
      </>,
    );
  if (to !== null)
    return field(
      <>
        {name} set to {to}
      </>,
    );
  return field(
    <>
      {name} cleared{from !== null && <> (was {from})</>}
    </>,
  );
}

const nameOf = (ref: { id: number; name: string | null } | null) => (ref ? (ref.name ?? `#${ref.id}`) : null);
const fieldValue = (value: string | number | boolean | null) => (value === null ? null : typeof value === 'boolean' ? (value ? 'Yes' : 'No') : String(value));
const time = (value: string | null) => (value === null ? null : <Time value={value} />);

function phraseOf(d: ActivityDetailJson): Phrase {
  switch (d.field) {
    case 'status':
    case 'priority':
      return fromTo(fieldNames[d.field], d.from && label(d.from), label(d.to));
    case 'assignee':
      if (d.to) return verb(d.from ? `reassigned this from ${nameOf(d.from)} to ${nameOf(d.to)}` : `assigned this to ${nameOf(d.to)}`);
      return verb(`unassigned ${nameOf(d.from) ?? 'this'}`);
    case 'department':
    case 'category':
    case 'customer':
      return fromTo(fieldNames[d.field], nameOf(d.from), nameOf(d.to));
    case 'due_date':
      return fromTo(fieldNames[d.field], time(d.from), time(d.to));
    case 'subject':
      return fromTo('Subject', d.from === null ? null : `“${d.from}”`, `“${d.to}”`);
    case 'description':
      return verb('edited the description');
    case 'tags': {
      const parts = [d.added.length > 0 && `added ${d.added.join(', ')}`, d.removed.length > 0 && `removed ${d.removed.join(', ')}`].filter(Boolean);
      return field(`Tags: ${parts.join(', ')}`);
    }
    case 'custom_field':
      return fromTo(d.label, fieldValue(d.from), fieldValue(d.to));
    case 'reply':
      if (d.type === 'internal') return verb('added an internal note');
      return verb(d.author.type === 'customer' ? `added a reply from ${d.author.name ?? 'the customer'}` : 'replied');
    case 'attachments':
      return verb(`attached ${d.files.join(', ')}`);
    case 'rating':
      return verb(`recorded a rating of ${d.to}/5`);
    case 'merged_into':
      return verb(`merged this into ${d.ticket.number}`);
    case 'merged_from':
      return verb(`merged ${d.ticket.number} into this ticket`);
    case 'unmerged_into':
      return verb(`undid the merge into ${d.ticket.number}`);
    case 'unmerged_from':
      return verb(`undid the merge of ${d.ticket.number} into this ticket`);
  }
}

function phrasesOf(a: ActivityJson): Phrase[] {
  if (a.details.length > 0) return a.details.map(phraseOf);
  if (a.event === 'ticket.created') return [verb('created this ticket')];
  if (a.event === 'ticket.email_resent') return [verb('sent a reply’s email again')];
  // An event without details (older ones, or kinds added later) says what the event and its changes say.
  const what = a.event.replace('ticket.', '').replace(/_/g, ' ');
  return [verb(a.changes.length > 0 ? `${what}: ${a.changes.join(', ').replace(/_/g, ' ')}` : what)];
}

// These follow the update that made their change, in the same transaction, and say it again.
const companions = new Set(['ticket.assigned', 'ticket.resolved', 'ticket.closed', 'ticket.reopened']);

/** Leaves out an event that repeats what the update just before it, by the same actor at the same time, says. */
function withoutRepeats(list: ActivityJson[]): ActivityJson[] {
  return list.filter((a, i) => {
    if (!companions.has(a.event)) return true;
    const update = list
      .slice(0, i)
      .reverse()
      .find((b) => b.event === 'ticket.updated' && b.created_at === a.created_at && b.actor.type === a.actor.type && b.actor.id === a.actor.id);
    return !(update && a.details.every((d) => update.details.some((u) => u.field === d.field)));
  });
}

function Entry({ a }: { a: ActivityJson }) {
  return (
    <li className="text-xs">
      <Time value={a.created_at} className="text-slate-600 dark:text-slate-400" /> <span className="font-medium">{a.actor.name ?? label(a.actor.type)}</span>
      {a.actor.app && <span className="text-slate-600 dark:text-slate-400"> via {a.actor.app.name ?? `app #${a.actor.app.id}`}</span>}
      {phrasesOf(a).map((p, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: an entry's phrases never move
        <span key={i}>
          {p.verb && i === 0 ? ' ' : ' · '}
          {p.text}
        </span>
      ))}
    </li>
  );
}

/** The ticket's history from its domain events, one entry per change, in sentences. */
export function Activity({ ticketId, version }: { ticketId: number; version: string }) {
  const activity = useTicketActivity(ticketId, version);
  return (
    <details className="rounded-lg border border-slate-200 bg-white p-3 text-sm dark:border-slate-800 dark:bg-slate-900">
      <summary className="cursor-pointer font-semibold">Activity</summary>
      {activity.isError ? (
        <p role="alert" className="mt-2 text-red-700">
          The history could not be loaded.
        </p>
      ) : (
        <ol className="mt-2 space-y-1" aria-label="Activity">
          {withoutRepeats(activity.data?.data ?? []).map((a) => (
            <Entry key={a.id} a={a} />
          ))}
        </ol>
      )}
    </details>
  );
}
