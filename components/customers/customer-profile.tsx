'use client';

import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { Time } from '@/components/ui/time';
import type { CustomFieldJson } from '@/lib/custom-fields/schema';
import type { CustomerJson } from '@/lib/customers/schema';
import { ApiError } from '@/components/data/api';
import { useCustomer } from '@/components/data/customers';
import { customFieldText } from '@/components/custom-fields';
import { useCustomFieldDefinitions } from '@/components/data/custom-fields';
import { CustomerForm } from './customer-form';
import { addressParts } from './customer-form-values';
import { CustomerTickets } from './customer-tickets';
import { CustomerStatusBadge, customerName, EmailBouncing } from './labels';

/**
 * One customer: details, then their tickets. `?edit=1` is the edit mode, so a reload keeps it and
 * Back leaves it; `?tickets_page=2` pages the tickets.
 */
export function CustomerProfile({ id }: { id: number }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const editing = params.get('edit') === '1';
  const ticketsPage = Math.max(1, Math.floor(Number(params.get('tickets_page'))) || 1);
  const customer = useCustomer(id);
  const [notice, setNotice] = useState<string | null>(null);

  // Leaving the form, keyboard focus goes back to the Edit button rather than to the page's start.
  // A ref, not state: the wish is set when the form is left and read once the Edit button is back.
  const leftForm = useRef(false);
  useEffect(() => {
    if (editing || !leftForm.current) return;
    document.getElementById('customer-edit')?.focus();
    leftForm.current = false;
  }, [editing]);

  const url = (change: Record<string, string | null>) => {
    const next = new URLSearchParams(params.toString());
    for (const [key, value] of Object.entries(change)) {
      if (value === null) next.delete(key);
      else next.set(key, value);
    }
    const text = next.toString();
    return `${pathname}${text ? `?${text}` : ''}`;
  };

  if (customer.isPending) {
    return (
      <p className="p-6 text-sm text-slate-600 dark:text-slate-400" role="status">
        Loading customer…
      </p>
    );
  }
  // A failed background refresh keeps what was shown (and any edit in progress); only a first load fails the page.
  const c = customer.data?.data;
  if (!c) {
    const missing = customer.error instanceof ApiError && customer.error.status === 404;
    return (
      <div
        role="alert"
        className="m-6 rounded-md border border-red-200 bg-red-50 p-4 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200"
      >
        {missing ? 'This customer does not exist, or was deleted.' : `The customer could not be loaded: ${customer.error?.message}`}{' '}
        {!missing && (
          <Button variant="secondary" onClick={() => void customer.refetch()}>
            Retry
          </Button>
        )}{' '}
        <Link href="/customers" className="underline">
          Back to customers
        </Link>
      </div>
    );
  }
  return (
    <div className="space-y-4 p-4">
      <header>
        <Link href="/customers" className="text-sm text-indigo-700 hover:underline dark:text-indigo-300">
          ← Customers
        </Link>
        <div className="mt-2 flex flex-wrap items-center gap-3">
          {/* Customer text is rendered as text, never as HTML. */}
          <h1 className="text-xl font-semibold break-words">{customerName(c)}</h1>
          <CustomerStatusBadge status={c.status} />
          {!editing && (
            <Button
              id="customer-edit"
              variant="secondary"
              className="ml-auto"
              onClick={() => {
                setNotice(null);
                router.push(url({ edit: '1' }), { scroll: false });
              }}
            >
              Edit
            </Button>
          )}
          {!editing && (
            <Link
              href={`/tickets/new?customer_id=${c.id}`}
              className="inline-flex items-center rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
            >
              New ticket
            </Link>
          )}
        </div>
        <p className="text-sm break-words text-slate-600 dark:text-slate-400">{c.email}</p>
        {c.email_bounced_at && <EmailBouncing since={c.email_bounced_at} reason={c.email_bounce_reason} />}
        <p role="status" className="mt-1 text-sm text-emerald-800 dark:text-emerald-300">
          {notice}
        </p>
      </header>

      {editing ? (
        <CustomerForm
          customer={c}
          onSaved={() => {
            setNotice('Changes saved.');
            leftForm.current = true;
            router.replace(url({ edit: null }), { scroll: false });
          }}
          onCancel={() => {
            leftForm.current = true;
            router.replace(url({ edit: null }), { scroll: false });
          }}
        />
      ) : (
        <div className="grid gap-4 lg:grid-cols-[22rem_1fr]">
          <CustomerDetails customer={c} />
          <CustomerTickets
            customerId={c.id}
            page={ticketsPage}
            onPage={(page) => router.replace(url({ tickets_page: page > 1 ? String(page) : null }), { scroll: false })}
          />
        </div>
      )}
    </div>
  );
}

function CustomerDetails({ customer: c }: { customer: CustomerJson }) {
  const definitions = useCustomFieldDefinitions('customer');
  const address = addressParts.map((part) => c.address[part]).filter((line): line is string => line !== null);
  return (
    <aside aria-label="Details" className="space-y-4">
      <Card title="Contact details">
        <Terms>
          <Term name="Email">{c.email}</Term>
          <Term name="Phone">{c.phone}</Term>
          <Term name="Organization">{c.organization}</Term>
          <Term name="Department">{c.department}</Term>
          <Term name="Job title">{c.title}</Term>
          <Term name="Customer since">
            <Time value={c.created_at} />
          </Term>
          <Term name="Last login">{c.last_login ? <Time value={c.last_login} /> : 'Never'}</Term>
        </Terms>
      </Card>
      <Card title="Address">
        {address.length > 0 ? (
          <p className="break-words whitespace-pre-line">{address.join('\n')}</p>
        ) : (
          <p className="text-slate-600 dark:text-slate-400">No address.</p>
        )}
      </Card>
      <Card title="Preferences">
        <Terms>
          <Term name="Language">{c.preferences.language}</Term>
          <Term name="Time zone">{c.preferences.timezone}</Term>
          <Term name="Email notifications">{c.preferences.email_notifications ? 'On' : 'Off'}</Term>
        </Terms>
      </Card>
      <CustomFieldsCard values={c.custom_fields} definitions={definitions.data} failed={definitions.isError} onRetry={() => void definitions.refetch()} />
    </aside>
  );
}

/** Defined fields in their order, then any values stored under keys no definition names (kept by a non-strict desk). */
function CustomFieldsCard(props: { values: CustomerJson['custom_fields']; definitions: CustomFieldJson[] | undefined; failed: boolean; onRetry: () => void }) {
  const defs = props.definitions ?? [];
  const undefinedKeys = Object.keys(props.values).filter((key) => !defs.some((d) => d.key === key));
  const shown = [
    ...defs.filter((d) => Object.hasOwn(props.values, d.key)).map((d) => ({ key: d.key, label: d.label, def: d })),
    ...undefinedKeys.map((key) => ({ key, label: key, def: undefined })),
  ];
  return (
    <Card title="Custom fields">
      {props.failed && (
        <p role="alert" className="mb-2 text-red-800 dark:text-red-200">
          Their labels could not be loaded.{' '}
          <Button variant="secondary" onClick={props.onRetry}>
            Retry
          </Button>
        </p>
      )}
      {/* Until the definitions arrive (neither there nor failed), a stored key would stand in for its label. */}
      {props.definitions === undefined && !props.failed ? (
        <p role="status" className="text-slate-600 dark:text-slate-400">
          Loading…
        </p>
      ) : shown.length === 0 ? (
        <p className="text-slate-600 dark:text-slate-400">None.</p>
      ) : (
        <Terms>
          {shown.map((field) => (
            <Term key={field.key} name={field.label}>
              {customFieldText(field.def, props.values[field.key] ?? null)}
            </Term>
          ))}
        </Terms>
      )}
    </Card>
  );
}

function Card({ title, children }: { title: string; children: ReactNode }) {
  const id = `customer-${title.toLowerCase().replace(/\W+/g, '-')}`;
  return (
    <section aria-labelledby={id} className="rounded-lg border border-slate-200 bg-white p-3 text-sm dark:border-slate-800 dark:bg-slate-900">
      <h2 id={id} className="font-semibold">
        {title}
      </h2>
      <div className="mt-2">{children}</div>
    </section>
  );
}

function Terms({ children }: { children: ReactNode }) {
  return <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">{children}</dl>;
}

function Term({ name, children }: { name: string; children: ReactNode }) {
  return (
    <div className="contents">
      <dt className="text-slate-600 dark:text-slate-400">{name}</dt>
      <dd className="min-w-0 break-words">{children ?? '—'}</dd>
    </div>
  );
}
