'use client';

import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { InlineSelect } from '@/components/ui/inline-select';
import { Table, columns } from '@/components/ui/table';
import { LoadError, Loading } from '@/components/ui/load-error';
import { Time } from '@/components/ui/time';
import type { CustomerJson } from '@/lib/customers/schema';
import { useCustomers } from '@/components/data/customers';
import { customerListSearch, customersRequest, readCustomerListState, sortChoices, type CustomerListState } from './customer-list-query';
import { CustomerStatusBadge, customerName } from './labels';
import { Pager } from './pager';

/** All customers: search, sort and page in the URL; `/` jumps to the search box, as in the inbox. */
export function CustomerList() {
  const router = useRouter();
  const pathname = usePathname();
  const state = readCustomerListState(useSearchParams());
  const searchRef = useRef<HTMLInputElement>(null);

  // What is typed in the box, until it is submitted; follows the URL when that changes (Back, a link).
  const [draft, setDraft] = useState(state.search);
  const [searched, setSearched] = useState(state.search);
  if (searched !== state.search) {
    setSearched(state.search);
    setDraft(state.search);
  }

  const go = (next: Partial<CustomerListState>) => {
    router.replace(`${pathname}${customerListSearch({ ...state, page: 1, ...next })}`, { scroll: false });
  };

  const request = customersRequest(state);
  const list = useCustomers(request);
  const rows = list.data?.data ?? [];
  const pagination = list.data?.pagination;

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      const target = event.target as HTMLElement;
      if (event.metaKey || event.ctrlKey || event.altKey || target.closest('input, textarea, select, [contenteditable="true"]')) return;
      if (event.key !== '/') return;
      event.preventDefault();
      searchRef.current?.focus();
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <section className="p-4" aria-labelledby="customers-title">
      <div className="flex flex-wrap items-center gap-2">
        <h1 id="customers-title" className="mr-2 text-xl font-semibold">
          Customers
        </h1>
        <search className="flex-1">
          <form
            onSubmit={(event) => {
              event.preventDefault();
              go({ search: draft.trim() });
            }}
          >
            <label htmlFor="customer-search" className="sr-only">
              Search customers
            </label>
            <input
              ref={searchRef}
              id="customer-search"
              type="search"
              value={draft}
              onChange={(event) => {
                setDraft(event.target.value);
                // Clearing the box (also with its × button) shows everyone again at once.
                if (event.target.value === '' && state.search) go({ search: '' });
              }}
              placeholder="Search by name, email or organization (press /)"
              className="w-full min-w-48 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900"
            />
          </form>
        </search>
        <InlineSelect
          id="customer-sort"
          label="Sort"
          value={`${state.sort}:${state.order}`}
          options={sortChoices}
          onChange={(value) => {
            const [sort, order] = value.split(':') as [CustomerListState['sort'], CustomerListState['order']];
            go({ sort, order });
          }}
        />
        <Link
          href="/customers/new"
          className="inline-flex items-center rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
        >
          New customer
        </Link>
      </div>

      {list.isError ? (
        <LoadError what="The customers" error={list.error} onRetry={() => void list.refetch()} />
      ) : list.isPending ? (
        <Loading>Loading customers…</Loading>
      ) : rows.length === 0 ? (
        <EmptyList search={state.search} beyondLastPage={(pagination?.total ?? 0) > 0} onFirstPage={() => go({ page: 1 })} />
      ) : (
        <CustomerTable rows={rows} />
      )}

      {pagination && pagination.total > 0 && (
        <Pager pagination={pagination} noun={['customer', 'customers']} label="Customer pages" onPage={(page) => go({ page })} />
      )}
    </section>
  );
}

function EmptyList(props: { search: string; beyondLastPage: boolean; onFirstPage: () => void }) {
  return (
    <div className="mt-6 rounded-md border border-dashed border-slate-300 p-8 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
      {props.beyondLastPage ? (
        <>
          There is nothing on this page.{' '}
          <Button variant="secondary" onClick={props.onFirstPage}>
            First page
          </Button>
        </>
      ) : props.search ? (
        `No customers match “${props.search}”.`
      ) : (
        'No customers yet.'
      )}
    </div>
  );
}

function CustomerTable({ rows }: { rows: CustomerJson[] }) {
  return (
    <Table
      labelledBy="customers-title"
      columns={[...columns('Name', 'Email', 'Organization'), { label: 'Tickets', className: 'text-right' }, { label: 'Created' }]}
    >
      {rows.map((c) => (
        <tr
          key={c.id}
          data-testid="customer-row"
          className="border-b border-slate-100 last:border-0 hover:bg-slate-50 dark:border-slate-800 dark:hover:bg-slate-800"
        >
          <td className="max-w-xs px-3 py-2">
            <div className="flex items-center gap-2">
              <Link href={`/customers/${c.id}`} className="truncate font-medium text-slate-900 hover:underline dark:text-slate-100">
                {customerName(c)}
              </Link>
              {c.status !== 'active' && <CustomerStatusBadge status={c.status} />}
            </div>
          </td>
          <td className="max-w-xs truncate px-3 py-2 text-slate-700 dark:text-slate-300">{c.email}</td>
          <td className="max-w-xs truncate px-3 py-2">{c.organization ?? '—'}</td>
          <td className="px-3 py-2 text-right tabular-nums">{c.ticket_count}</td>
          <td className="px-3 py-2 whitespace-nowrap text-slate-600 dark:text-slate-400">
            <Time value={c.created_at} format="date" />
          </td>
        </tr>
      ))}
    </Table>
  );
}
