'use client';

import { useId, useState, type KeyboardEvent } from 'react';
import { useCreateCustomer, useCustomerMatches } from '@/components/data/customers';
import { Button } from '@/components/ui/button';
import { checkBody } from '@/components/data/forms';
import { Field, fieldId } from '@/components/ui/field';
import { useFieldErrors } from '@/components/ui/field-errors';
import { FormProblem } from '@/components/ui/form-problem';
import { createCustomerSchema } from '@/lib/customers/schema';
import { fullName } from '@/lib/names';
import { useTypedTerm } from '@/components/ui/use-typed-term';

/** The customer a ticket is from, as the picker shows them. */
export type Requester = { id: number; name: string; email: string };

type Option = { kind: 'customer'; customer: Requester } | { kind: 'create'; name: string };

/**
 * The requester of a ticket: a combobox (WAI-ARIA 1.2, list autocomplete) that searches customers
 * as the agent types, chosen with the arrow keys and Enter or the mouse; Escape closes the list and
 * then puts back the chosen name. "Create customer" adds someone new in place, with name and email.
 * `loading`: the chosen customer is still being fetched, so the control waits rather than saying "none".
 */
export function RequesterPicker(props: {
  id: string;
  label: string;
  value: Requester | null;
  onChange: (requester: Requester | null) => void;
  loading?: boolean;
  error?: string;
  hint?: string;
}) {
  const listId = useId();
  const [text, setText] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [creating, setCreating] = useState<string | null>(null);
  const term = useTypedTerm(open ? (text ?? '').trim() : '');
  const matches = useCustomerMatches(term);

  const shownText = text ?? props.value?.name ?? '';
  const typed = (text ?? '').trim();
  const options: Option[] = [
    ...(typed ? (matches.data ?? []) : []).map((c) => ({
      kind: 'customer' as const,
      customer: { id: c.id, name: fullName(c.first_name, c.last_name), email: c.email },
    })),
    ...(typed ? [{ kind: 'create' as const, name: typed }] : []),
  ];
  const expanded = open && options.length > 0;
  const optionId = (index: number) => `${listId}-option-${index}`;

  function close() {
    setOpen(false);
    setActive(-1);
  }

  function choose(option: Option) {
    close();
    setText(null);
    if (option.kind === 'customer') props.onChange(option.customer);
    else setCreating(option.name);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (!open) setOpen(true);
      const step = event.key === 'ArrowDown' ? 1 : -1;
      if (options.length > 0) setActive((current) => (current + step + options.length) % options.length);
    } else if (event.key === 'Enter' && expanded) {
      // Enter picks from the list; it never sends the form the picker sits in.
      event.preventDefault();
      const option = options[active];
      if (option) choose(option);
    } else if (event.key === 'Escape') {
      if (expanded) close();
      else setText(null);
    }
  }

  function onBlur() {
    close();
    // Leaving the field blank removes the requester; leaving it half-typed keeps the one chosen.
    if (text !== null && text.trim() === '' && props.value) props.onChange(null);
    setText(null);
  }

  const status =
    !open || !typed ? '' : matches.isFetching ? 'Searching customers…' : `${options.length - 1} matching ${options.length === 2 ? 'customer' : 'customers'}`;

  return (
    <div>
      <Field name={props.id} label={props.label} error={props.error} hint={props.loading ? undefined : props.hint}>
        {(control) => (
          <div className="relative">
            <input
              {...control}
              type="text"
              role="combobox"
              aria-expanded={expanded}
              aria-controls={listId}
              aria-autocomplete="list"
              aria-activedescendant={expanded && active >= 0 ? optionId(active) : undefined}
              aria-busy={props.loading || undefined}
              autoComplete="off"
              disabled={props.loading}
              placeholder={props.loading ? 'Loading customer…' : 'Search by name or email'}
              value={props.loading ? '' : shownText}
              onChange={(e) => {
                setText(e.target.value);
                setOpen(true);
                setActive(-1);
              }}
              onKeyDown={onKeyDown}
              onBlur={onBlur}
            />
            <div
              id={listId}
              role="listbox"
              aria-label={`${props.label} choices`}
              hidden={!expanded}
              className="absolute z-20 mt-1 max-h-72 w-full overflow-auto rounded-md border border-slate-300 bg-white py-1 text-sm shadow-lg dark:border-slate-700 dark:bg-slate-900"
            >
              {options.map((option, index) => (
                // biome-ignore lint/a11y/useFocusableInteractive lint/a11y/useKeyWithClickEvents: in the combobox pattern the input keeps the focus and its arrow keys and Enter choose (aria-activedescendant); the click is for the mouse
                <div
                  key={option.kind === 'customer' ? option.customer.id : 'create'}
                  id={optionId(index)}
                  role="option"
                  aria-selected={index === active}
                  // The input keeps the focus while an option is clicked.
                  onMouseDown={(e) => e.preventDefault()}
                  onClick={() => choose(option)}
                  className={`cursor-pointer px-3 py-1.5 ${index === active ? 'bg-indigo-100 dark:bg-indigo-900' : 'hover:bg-slate-100 dark:hover:bg-slate-800'}`}
                >
                  {option.kind === 'customer' ? (
                    <>
                      <span className="font-medium">{option.customer.name}</span>{' '}
                      <span className="text-slate-600 dark:text-slate-400">{option.customer.email}</span>
                    </>
                  ) : (
                    <span className="text-indigo-700 dark:text-indigo-300">Create customer “{option.name}”</span>
                  )}
                </div>
              ))}
            </div>
          </div>
        )}
      </Field>
      <p role="status" className="sr-only">
        {status}
      </p>
      {creating !== null && (
        <NewRequester
          key={creating}
          name={creating}
          onCreated={(requester) => {
            setCreating(null);
            props.onChange(requester);
          }}
          onCancel={() => setCreating(null)}
        />
      )}
    </div>
  );
}

const newRequesterFields = ['name', 'email'] as const;
// The API knows a customer by first and last name; the agent types one name.
const requesterFieldOf = (field: string) => (field === 'first_name' || field === 'last_name' ? 'name' : field);
const newRequesterField = (field: string) => `new-requester-${field}`;

/** A customer created on the spot: a group of fields inside the ticket's form, so Enter adds the customer and never sends the ticket. */
function NewRequester(props: { name: string; onCreated: (requester: Requester) => void; onCancel: () => void }) {
  const [name, setName] = useState(props.name);
  const [email, setEmail] = useState('');
  const form = useFieldErrors({
    fields: newRequesterFields,
    fieldOf: requesterFieldOf,
    target: (field) => document.getElementById(fieldId(newRequesterField(field))),
  });
  const create = useCreateCustomer({
    onSuccess: ({ data }) => props.onCreated({ id: data.id, name: fullName(data.first_name, data.last_name), email: data.email }),
    onError: form.showRefusal,
  });

  function add() {
    const [first = '', ...rest] = name.trim().split(/\s+/);
    // A blank email is left out, so the API's own "Email address is required" is what the agent reads.
    const check = checkBody(createCustomerSchema, { first_name: first, last_name: rest.join(' ') || null, ...(email.trim() ? { email } : {}) });
    form.show(check.ok ? [] : check.details, null);
    if (check.ok) create.mutate(check.body);
  }

  const input = (field: (typeof newRequesterFields)[number], label: string, value: string, onChange: (value: string) => void) => (
    <Field name={newRequesterField(field)} label={label} required error={form.errorOf(field)}>
      {(control) => (
        <input
          {...control}
          type={field === 'email' ? 'email' : 'text'}
          autoComplete="off"
          autoFocus={field === 'name'}
          value={value}
          onChange={(e) => {
            onChange(e.target.value);
            form.clear(field);
          }}
          onKeyDown={(event) => {
            if (event.key !== 'Enter') return;
            event.preventDefault();
            add();
          }}
        />
      )}
    </Field>
  );

  return (
    <fieldset className="mt-2 space-y-3 rounded-md border border-slate-200 p-3 dark:border-slate-700">
      <legend className="px-1 text-sm font-medium">New customer</legend>
      {input('name', 'Name', name, setName)}
      {input('email', 'Email', email, setEmail)}
      <FormProblem outcome="Customer not added" problem={form.problem} errors={form.errors} unplaced={form.unplaced} />
      <div className="flex gap-2">
        <Button onClick={add} disabled={create.isPending}>
          {create.isPending ? 'Adding…' : 'Add customer'}
        </Button>
        <Button variant="secondary" onClick={props.onCancel}>
          Cancel
        </Button>
      </div>
    </fieldset>
  );
}
