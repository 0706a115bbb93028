'use client';

import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useId, useRef, useState } from 'react';
import { useMergeCandidates, useMergeTickets, useTicketsById, useUndoMerges } from '@/components/data/merge';
import { Button } from '@/components/ui/button';
import { MERGE_UNDO_MINUTES, type TicketJson, type TicketSummaryJson } from '@/lib/tickets/schema';
import { useTypedTerm } from '@/components/ui/use-typed-term';
import { StatusBadge } from './labels';

/** The target page's query parameter naming the duplicates just merged into it, for the notice's Undo. */
const MERGED_PARAM = 'merged';

/**
 * Finds the ticket to keep (by subject or words, or among the customer's tickets), shows it, and
 * merges the duplicates into it; then opens it with the notice that offers Undo. Escape or Cancel
 * closes it, and the browser gives the focus back to the button that opened it.
 */
export function MergeDialog(props: { duplicates: { id: number; number: string }[]; customerId: number | null; onClose: () => void }) {
  const { duplicates, customerId, onClose } = props;
  const dialog = useRef<HTMLDialogElement>(null);
  const router = useRouter();
  const ids = duplicates.map((d) => d.id);
  const [words, setWords] = useState('');
  const [chosen, setChosen] = useState<TicketSummaryJson | null>(null);
  const candidates = useMergeCandidates(useTypedTerm(words), customerId);
  const found = (candidates.data?.data ?? []).filter((t) => !ids.includes(t.id));
  const merge = useMergeTickets({
    onSuccess: ({ data }) => {
      dialog.current?.close();
      router.push(`/tickets/${data.id}?${MERGED_PARAM}=${ids.join(',')}`);
    },
  });
  const base = useId();
  const what = duplicates.length === 1 ? duplicates[0]!.number : `${duplicates.length} tickets`;

  useEffect(() => {
    // showModal focuses the dialog's first field, the search: the dialog opens to find something.
    if (!dialog.current?.open) dialog.current?.showModal();
  }, []);

  return (
    <dialog
      ref={dialog}
      onClose={onClose}
      aria-labelledby={`${base}-title`}
      className="m-auto w-full max-w-lg rounded-lg border border-slate-200 bg-white p-6 text-slate-900 shadow-xl backdrop:bg-slate-900/40 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
    >
      <h2 id={`${base}-title`} className="text-lg font-semibold">
        Merge {what} into…
      </h2>
      <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">
        Replies and files move to the ticket you choose; {what} is closed with a link to it. You can undo this for 10 minutes.
      </p>
      <label htmlFor={`${base}-search`} className="mt-4 block text-sm font-medium">
        Find the ticket to keep
      </label>
      <input
        id={`${base}-search`}
        type="search"
        value={words}
        onChange={(e) => setWords(e.target.value)}
        placeholder="Subject or words in it"
        className="mt-1 w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900"
      />
      <fieldset className="mt-3">
        <legend className="text-sm font-medium">{words.trim() ? 'Matching tickets' : "This customer's tickets"}</legend>
        {candidates.isFetching && (
          <p role="status" className="text-xs text-slate-600 dark:text-slate-400">
            Searching…
          </p>
        )}
        {!candidates.isFetching && found.length === 0 && (
          <p className="text-sm text-slate-600 dark:text-slate-400">{words.trim() ? 'No ticket matches.' : 'Type to search for the ticket.'}</p>
        )}
        <ul className="mt-1 max-h-64 space-y-1 overflow-y-auto">
          {found.map((t) => (
            <li key={t.id}>
              <label className="flex cursor-pointer items-start gap-2 rounded-md p-1.5 hover:bg-slate-50 dark:hover:bg-slate-800">
                <input type="radio" name={`${base}-target`} checked={chosen?.id === t.id} onChange={() => setChosen(t)} className="mt-1" />
                <span className="min-w-0 text-sm">
                  <span className="font-mono text-xs text-slate-600 dark:text-slate-400">{t.number}</span> <span className="break-words">{t.subject}</span>
                  <span className="block text-xs text-slate-600 dark:text-slate-400">
                    {t.customer?.name ?? 'No requester'} · <StatusBadge status={t.status} />
                  </span>
                </span>
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      {chosen && (
        <p className="mt-3 rounded-md bg-indigo-50 p-2 text-sm text-indigo-950 dark:bg-indigo-950 dark:text-indigo-100" data-testid="merge-summary">
          Merge {what} into {chosen.number} «{chosen.subject}»{chosen.customer ? ` from ${chosen.customer.name}` : ''}.
        </p>
      )}
      {merge.isError && (
        <p role="alert" className="mt-3 text-sm text-red-800 dark:text-red-300">
          Not merged: {merge.error.message}
        </p>
      )}
      <div className="mt-6 flex justify-end gap-2">
        <Button variant="secondary" onClick={() => dialog.current?.close()}>
          Cancel
        </Button>
        <Button disabled={!chosen || merge.isPending} onClick={() => chosen && merge.mutate({ into: chosen.id, tickets: ids })}>
          {merge.isPending ? 'Merging…' : 'Merge'}
        </Button>
      </div>
    </dialog>
  );
}

/** The ticket view's "Merge into…" action, with its dialog. */
export function MergeAction({ ticket }: { ticket: TicketJson }) {
  const [open, setOpen] = useState(false);
  if (ticket.merged_into) return null;
  return (
    <>
      <Button variant="secondary" onClick={() => setOpen(true)}>
        Merge into…
      </Button>
      {open && <MergeDialog duplicates={[ticket]} customerId={ticket.customer?.id ?? null} onClose={() => setOpen(false)} />}
    </>
  );
}

/** On a merged duplicate: where its conversation went. */
export function MergedIntoNotice({ ticket }: { ticket: TicketJson }) {
  if (!ticket.merged_into) return null;
  return (
    <p className="mt-3 rounded-md border border-slate-200 bg-slate-50 p-2 text-sm dark:border-slate-700 dark:bg-slate-800">
      Merged into{' '}
      <Link href={`/tickets/${ticket.merged_into.id}`} className="font-medium text-indigo-700 underline dark:text-indigo-300">
        {ticket.merged_into.number}
      </Link>
      : its conversation continues there.
    </p>
  );
}

/** On the ticket the duplicates went into, right after the merge: what came in, and Undo. */
export function MergeNotice({ ticketId }: { ticketId: number }) {
  const params = useSearchParams();
  const router = useRouter();
  const ids = (params.get(MERGED_PARAM) ?? '')
    .split(',')
    .map(Number)
    .filter((id) => Number.isInteger(id) && id > 0);
  const sources = useTicketsById(ids);
  const undo = useUndoMerges({ onSuccess: (reopened) => router.replace(`/tickets/${reopened[0]!.id}`) });
  const merged = sources.flatMap((s) => (s.data && s.data.data.merged_into?.id === ticketId ? [s.data.data] : []));
  const undoable = useUndoWindow(merged);
  if (merged.length === 0 && !undo.isError) return null;
  return (
    <div
      role="status"
      className="mt-3 flex flex-wrap items-center gap-2 rounded-md border border-indigo-200 bg-indigo-50 p-2 text-sm dark:border-indigo-900 dark:bg-indigo-950"
    >
      {merged.length > 0 && (
        <>
          <span>Merged {merged.map((t) => t.number).join(', ')} into this ticket</span>
          {undoable && (
            <Button variant="secondary" disabled={undo.isPending} onClick={() => undo.mutate(merged.map((t) => t.id))}>
              {undo.isPending ? 'Undoing…' : 'Undo'}
            </Button>
          )}
        </>
      )}
      {undo.isError && <span className="text-red-800 dark:text-red-300">Not undone: {undo.error.message}</span>}
    </div>
  );
}

/** Whether the merges can still be undone: a duplicate is closed as it is merged, and the server allows MERGE_UNDO_MINUTES. */
function useUndoWindow(merged: TicketJson[]): boolean {
  const closes = merged.map((t) => (t.closed_at ? Date.parse(t.closed_at) + MERGE_UNDO_MINUTES * 60_000 : 0));
  const deadline = closes.length > 0 ? Math.min(...closes) : 0;
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (deadline <= now) return;
    const timer = setTimeout(() => setNow(Date.now()), deadline - now);
    return () => clearTimeout(timer);
  }, [deadline, now]);
  return deadline > now;
}
