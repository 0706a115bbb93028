'use client';

import { Fragment, useState } from 'react';
import { Pager } from '@/components/customers/pager';
import { Button } from '@/components/ui/button';
import { InlineSelect } from '@/components/ui/inline-select';
import { choicesOf } from '@/components/ui/labels';
import { LoadError, Loading } from '@/components/ui/load-error';
import { Table, columns } from '@/components/ui/table';
import { Time } from '@/components/ui/time';
import { useWebhookDeliveries } from '@/components/data/webhooks';
import { DeliveryDetail } from './delivery-detail';
import { attemptOutcome, DeliveryStatusBadge } from './labels';
import type { DeliveryStatus } from './webhook-form-values';

/** Deliveries move on their own (the worker retries them): the log looks again this often. */
const REFRESH_MS = 5_000;

/** A webhook's delivery log, newest first, filtered by status; a delivery opens in place with its attempts. */
export function DeliveryLog({ webhookId, statuses }: { webhookId: number; statuses: readonly DeliveryStatus[] }) {
  const [status, setStatus] = useState('');
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<number | null>(null);
  const list = useWebhookDeliveries(webhookId, `?per_page=25&page=${page}${status ? `&status=${status}` : ''}`, REFRESH_MS);
  const rows = list.data?.data ?? [];
  const pagination = list.data?.pagination;

  return (
    <section aria-labelledby="deliveries-title" className="mt-8">
      <div className="flex flex-wrap items-center gap-2">
        <h2 id="deliveries-title" className="mr-auto text-lg font-semibold">
          Deliveries
        </h2>
        <InlineSelect
          id="delivery-status-filter"
          label="Status"
          value={status}
          options={[{ value: '', label: 'All' }, ...choicesOf(statuses)]}
          onChange={(value) => {
            setStatus(value);
            setPage(1);
          }}
        />
        <Button variant="secondary" onClick={() => void list.refetch()} disabled={list.isFetching}>
          Refresh
        </Button>
      </div>

      {list.isError ? (
        <LoadError what="The deliveries" error={list.error} onRetry={() => void list.refetch()} />
      ) : list.isPending ? (
        <Loading>Loading deliveries…</Loading>
      ) : rows.length === 0 ? (
        <p className="mt-4 rounded-md border border-dashed border-slate-300 p-8 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
          {status ? `No ${status} deliveries.` : 'No deliveries yet. Send a test event, or wait for a subscribed event to happen.'} Deliveries are kept for 30
          days.
        </p>
      ) : (
        <Table
          labelledBy="deliveries-title"
          columns={[
            ...columns('Event', 'Status'),
            { label: 'Attempts', className: 'text-right' },
            ...columns('Last response', 'Last attempt'),
            { label: <span className="sr-only">Details</span> },
          ]}
        >
          {rows.map((d) => {
            const last = d.attempts.at(-1);
            const detailId = `delivery-${d.id}-detail`;
            return (
              <Fragment key={d.id}>
                <tr data-testid="delivery-row" className="border-b border-slate-100 align-top last:border-0 dark:border-slate-800">
                  <td className="px-3 py-2 font-mono">{d.event}</td>
                  <td className="px-3 py-2">
                    <DeliveryStatusBadge status={d.status} />
                  </td>
                  <td className="px-3 py-2 text-right tabular-nums">{d.attempt_count}</td>
                  <td className="px-3 py-2">{last ? attemptOutcome(last) : '—'}</td>
                  <td className="px-3 py-2 whitespace-nowrap">{last?.attempted_at ? <Time value={last.attempted_at} /> : '—'}</td>
                  <td className="px-3 py-2 text-right">
                    <Button
                      variant="ghost"
                      aria-expanded={open === d.id}
                      aria-controls={open === d.id ? detailId : undefined}
                      onClick={() => setOpen(open === d.id ? null : d.id)}
                    >
                      {open === d.id ? 'Hide' : 'Details'}
                      <span className="sr-only"> of delivery {d.id}</span>
                    </Button>
                  </td>
                </tr>
                {open === d.id && (
                  <tr className="border-b border-slate-100 dark:border-slate-800">
                    <td colSpan={6} className="p-0">
                      <DeliveryDetail id={detailId} webhookId={webhookId} delivery={d} />
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </Table>
      )}

      {pagination && pagination.total_pages > 1 && <Pager pagination={pagination} noun={['delivery', 'deliveries']} label="Delivery pages" onPage={setPage} />}
    </section>
  );
}
