'use client';

import { useState } from 'react';
import { Pager } from '@/components/customers/pager';
import { useDeleteMailbox, useMailboxes, useRotateMailboxToken, useTestMailbox } from '@/components/data/email';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { LoadError, Loading } from '@/components/ui/load-error';
import { Table, columns } from '@/components/ui/table';
import { Time } from '@/components/ui/time';
import type { MailboxJson, MailboxTestJson, MailboxWithTokenJson } from '@/lib/email/schema';
import { MailboxForm } from './mailbox-form';
import { RelayToken } from './relay-token';

/** What is open above the list: a form, or the one showing of a relay token. */
type Panel = { kind: 'new' } | { kind: 'edit'; mailbox: MailboxJson } | { kind: 'token'; mailbox: MailboxWithTokenJson; rotated: boolean } | null;
type Confirming = { kind: 'rotate' | 'delete'; mailbox: MailboxJson } | null;
/** A row's last action outcome: a connection test's answer, or why an action failed. */
type Outcome = { id: number; test?: MailboxTestJson; problem?: string };

/** Admin → Settings → Email → Mailboxes: the addresses customers write to, how their mail arrives, and whether it does. */
export function MailboxList({ tokenHeader }: { tokenHeader: string }) {
  const [page, setPage] = useState(1);
  const [panel, setPanel] = useState<Panel>(null);
  const [confirming, setConfirming] = useState<Confirming>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [notice, setNotice] = useState('');
  const list = useMailboxes(`/mailboxes?per_page=25&page=${page}`);
  const rows = list.data?.data ?? [];
  const pagination = list.data?.pagination;

  const failed = (error: Error, mailbox: MailboxJson) => setOutcome({ id: mailbox.id, problem: error.message });
  const test = useTestMailbox({
    onMutate: () => setOutcome(null),
    onSuccess: ({ data }, mailbox) => setOutcome({ id: mailbox.id, test: data }),
    onError: failed,
  });
  const rotate = useRotateMailboxToken({
    onMutate: () => setOutcome(null),
    onSuccess: ({ data }) => setPanel({ kind: 'token', mailbox: data, rotated: true }),
    onError: failed,
  });
  const remove = useDeleteMailbox({
    onMutate: () => {
      setOutcome(null);
      setNotice('');
    },
    onSuccess: (_, mailbox) => setNotice(`Mailbox ${mailbox.name} deleted: mail to ${mailbox.address} no longer reaches Loopdesk.`),
    onError: failed,
  });

  return (
    <section aria-labelledby="mailboxes-title">
      <div className="flex flex-wrap items-center gap-2">
        <h2 id="mailboxes-title" className="mr-auto text-lg font-semibold">
          Mailboxes
        </h2>
        <Button onClick={() => setPanel({ kind: 'new' })} disabled={panel?.kind === 'new'}>
          New mailbox
        </Button>
      </div>
      <p className="mt-1 max-w-3xl text-sm text-slate-700 dark:text-slate-300">
        Each mailbox is an address customers write to. Loopdesk fetches its mail over IMAP, or a relay posts each message to the inbound endpoint with the
        mailbox&apos;s token. A new email opens a ticket; a reply to one of ours continues its ticket.
      </p>

      {panel?.kind === 'new' && <MailboxForm onCreated={(mailbox) => setPanel({ kind: 'token', mailbox, rotated: false })} onCancel={() => setPanel(null)} />}
      {panel?.kind === 'edit' && (
        <MailboxForm
          key={panel.mailbox.id}
          mailbox={panel.mailbox}
          onSaved={(mailbox) => {
            setNotice(`Mailbox ${mailbox.name} saved.`);
            setPanel(null);
          }}
          onCancel={() => setPanel(null)}
        />
      )}
      {panel?.kind === 'token' && <RelayToken mailbox={panel.mailbox} rotated={panel.rotated} tokenHeader={tokenHeader} onDone={() => setPanel(null)} />}

      <p role="status" className="mt-2 text-sm text-slate-700 empty:hidden dark:text-slate-300">
        {notice}
      </p>

      {list.isError ? (
        <LoadError what="The mailboxes" error={list.error} onRetry={() => void list.refetch()} />
      ) : list.isPending ? (
        <Loading>Loading mailboxes…</Loading>
      ) : rows.length === 0 ? (
        <p className="mt-4 rounded-md border border-dashed border-slate-300 p-8 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
          No mailboxes yet. Add one so that customers can write to support by email.
        </p>
      ) : (
        <Table
          labelledBy="mailboxes-title"
          columns={[...columns('Mailbox', 'Department', 'Receives by', 'State', 'Last checked'), { label: <span className="sr-only">Actions</span> }]}
        >
          {rows.map((m) => (
            <tr key={m.id} data-testid="mailbox-row" className="border-b border-slate-100 align-top last:border-0 dark:border-slate-800">
              <td className="max-w-xs px-3 py-2">
                <div className="font-medium">{m.name}</div>
                <div className="font-mono text-xs break-all text-slate-600 dark:text-slate-400">{m.address}</div>
                {m.last_error && (
                  <p
                    data-testid="mailbox-error"
                    className="mt-1 rounded-md border border-red-200 bg-red-50 px-2 py-1 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200"
                  >
                    <strong>Last error:</strong> {m.last_error}
                  </p>
                )}
              </td>
              <td className="px-3 py-2">{m.department?.name ?? <span className="text-slate-600 dark:text-slate-400">None</span>}</td>
              <td className="px-3 py-2">
                {m.imap_host ? (
                  <span className="font-mono text-xs break-all">
                    IMAP {m.imap_host}:{m.imap_port}
                  </span>
                ) : (
                  'Relay only'
                )}
                <div className="text-xs text-slate-600 dark:text-slate-400">
                  Relay token <span className="font-mono">{m.inbound_token_prefix}…</span>
                </div>
              </td>
              <td className="px-3 py-2">{m.active ? <Badge tone="emerald">Active</Badge> : <Badge tone="slate">Inactive</Badge>}</td>
              <td className="px-3 py-2 whitespace-nowrap">
                {m.last_checked_at ? <Time value={m.last_checked_at} /> : <span className="text-slate-600 dark:text-slate-400">Never</span>}
              </td>
              <td className="px-3 py-2">
                <div className="flex flex-wrap justify-end gap-1">
                  <Button variant="ghost" onClick={() => setPanel({ kind: 'edit', mailbox: m })}>
                    Edit<span className="sr-only"> {m.name}</span>
                  </Button>
                  {m.imap_host && (
                    <Button variant="ghost" disabled={test.isPending} onClick={() => test.mutate(m)}>
                      {test.isPending && test.variables?.id === m.id ? 'Testing…' : 'Test connection'}
                      <span className="sr-only"> of {m.name}</span>
                    </Button>
                  )}
                  <Button variant="ghost" disabled={rotate.isPending} onClick={() => setConfirming({ kind: 'rotate', mailbox: m })}>
                    Rotate relay token<span className="sr-only"> of {m.name}</span>
                  </Button>
                  <Button variant="ghost" disabled={remove.isPending} onClick={() => setConfirming({ kind: 'delete', mailbox: m })}>
                    Delete<span className="sr-only"> {m.name}</span>
                  </Button>
                </div>
                <RowOutcome outcome={outcome?.id === m.id ? outcome : null} />
              </td>
            </tr>
          ))}
        </Table>
      )}

      {pagination && pagination.total_pages > 1 && <Pager pagination={pagination} noun={['mailbox', 'mailboxes']} label="Mailbox pages" onPage={setPage} />}

      {confirming?.kind === 'rotate' && (
        <ConfirmDialog
          title={`Rotate the relay token of ${confirming.mailbox.name}?`}
          confirmLabel="Rotate token"
          danger={false}
          onCancel={() => setConfirming(null)}
          onConfirm={() => {
            rotate.mutate(confirming.mailbox);
            setConfirming(null);
          }}
        >
          A new token is made and shown once. The current one ({confirming.mailbox.inbound_token_prefix}…) stops working at once, so update the relay right
          after.
        </ConfirmDialog>
      )}
      {confirming?.kind === 'delete' && (
        <ConfirmDialog
          title={`Delete ${confirming.mailbox.name}?`}
          confirmLabel="Delete"
          onCancel={() => setConfirming(null)}
          onConfirm={() => {
            remove.mutate(confirming.mailbox);
            setConfirming(null);
          }}
        >
          Mail to {confirming.mailbox.address} is no longer fetched or accepted. Its tickets stay as they are.
        </ConfirmDialog>
      )}
    </section>
  );
}

/** Under a row's actions: the connection test's answer, or why an action failed. */
function RowOutcome({ outcome }: { outcome: Outcome | null }) {
  return (
    <div role="status" className="mt-1 max-w-xs text-right text-sm empty:hidden">
      {outcome?.test &&
        (outcome.test.ok ? (
          <p data-testid="mailbox-test-result" className="text-emerald-800 dark:text-emerald-300">
            Connected.{outcome.test.idle === null ? '' : ` ${idleText(outcome.test.idle)}`}
          </p>
        ) : (
          <p data-testid="mailbox-test-result" className="text-red-700 dark:text-red-400">
            Connection failed: {outcome.test.error ?? 'no reason given'}
          </p>
        ))}
      {outcome?.problem && <p className="text-red-700 dark:text-red-400">Not done: {outcome.problem}</p>}
    </div>
  );
}

const idleText = (idle: boolean) => (idle ? 'The server has IDLE: new mail arrives at once.' : 'The server has no IDLE: new mail is checked for every minute.');
