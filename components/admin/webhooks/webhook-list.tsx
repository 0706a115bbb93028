'use client';

import Link from 'next/link';
import { useState } from 'react';
import { OneTimeSecret } from '@/components/ui/one-time-secret';
import { Pager } from '@/components/customers/pager';
import { Button } from '@/components/ui/button';
import { LoadError, Loading } from '@/components/ui/load-error';
import { Table, columns } from '@/components/ui/table';
import { useWebhooks } from '@/components/data/webhooks';
import { ActiveBadge, DisabledReason, eventsText } from './labels';
import { WebhookForm } from './webhook-form';
import type { WebhookEvent } from './webhook-form-values';
import type { WebhookWithSecretJson } from '@/lib/webhooks/schema';

type Panel = { kind: 'new' } | { kind: 'created'; webhook: WebhookWithSecretJson } | null;

/** Admin → Settings → Webhooks: every webhook, newest first; each opens its settings and delivery log. */
export function WebhookList({ events }: { events: readonly WebhookEvent[] }) {
  const [page, setPage] = useState(1);
  const [panel, setPanel] = useState<Panel>(null);
  const request = `/webhooks?per_page=25&page=${page}`;
  const list = useWebhooks(request);
  const rows = list.data?.data ?? [];
  const pagination = list.data?.pagination;

  return (
    <section aria-labelledby="webhooks-title">
      <div className="flex flex-wrap items-center gap-2">
        <h1 id="webhooks-title" className="mr-auto text-xl font-semibold">
          Webhooks
        </h1>
        <Button onClick={() => setPanel({ kind: 'new' })} disabled={panel?.kind === 'new'}>
          New webhook
        </Button>
      </div>
      <p className="mt-1 max-w-3xl text-sm text-slate-700 dark:text-slate-300">
        Loopdesk POSTs each event to the URLs subscribed to it, signed with the webhook&apos;s secret in <code className="font-mono">X-Loopdesk-Signature</code>
        , and retries failures for about three days.
      </p>

      {panel?.kind === 'new' && <WebhookForm events={events} onCreated={(webhook) => setPanel({ kind: 'created', webhook })} onCancel={() => setPanel(null)} />}
      {panel?.kind === 'created' && (
        <OneTimeSecret title="Webhook created" what="signing secret" value={panel.webhook.secret} testId="webhook-secret" onDone={() => setPanel(null)}>
          <p>
            Events go to <span className="font-mono break-all">{panel.webhook.url}</span>.{' '}
            <Link href={`/admin/webhooks/${panel.webhook.id}`} className="text-indigo-700 underline dark:text-indigo-300">
              Open it
            </Link>{' '}
            to send a test event. Your receiver checks each request with this signing secret:
          </p>
        </OneTimeSecret>
      )}

      {list.isError ? (
        <LoadError what="The webhooks" error={list.error} onRetry={() => void list.refetch()} />
      ) : list.isPending ? (
        <Loading>Loading webhooks…</Loading>
      ) : rows.length === 0 ? (
        <p className="mt-6 rounded-md border border-dashed border-slate-300 p-8 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
          No webhooks yet. Add one to have tickets, customers and agents pushed to another system as they change.
        </p>
      ) : (
        <Table labelledBy="webhooks-title" columns={columns('URL', 'Events', 'State')}>
          {rows.map((w) => (
            <tr key={w.id} data-testid="webhook-row" className="border-b border-slate-100 align-top last:border-0 dark:border-slate-800">
              <td className="max-w-md px-3 py-2">
                <Link href={`/admin/webhooks/${w.id}`} className="font-mono break-all text-indigo-700 underline dark:text-indigo-300">
                  {w.url}
                </Link>
                {w.description && <div className="text-xs text-slate-600 dark:text-slate-400">{w.description}</div>}
                {w.disabled_reason && <DisabledReason reason={w.disabled_reason} className="mt-1" />}
              </td>
              <td className="px-3 py-2 font-mono text-xs">{eventsText(w.events)}</td>
              <td className="px-3 py-2">
                <ActiveBadge webhook={w} />
              </td>
            </tr>
          ))}
        </Table>
      )}

      {pagination && pagination.total_pages > 1 && <Pager pagination={pagination} noun={['webhook', 'webhooks']} label="Webhook pages" onPage={setPage} />}
    </section>
  );
}
