'use client';

import { useRouter } from 'next/navigation';
import type { FormEvent } from 'react';
import { FormActions } from '@/components/ui/form-actions';
import { ticketPriorities } from '@/lib/tickets/schema';
import { ApiError } from '@/components/data/api';
import { useCreateTicket } from '@/components/data/tickets';
import { label } from '@/components/ui/labels';

const control = 'mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm dark:border-slate-700 dark:bg-slate-900';

/** A ticket an agent opens themselves (a phone call, a walk-in); the API checks it and says what is wrong, per field. */
export function NewTicketForm() {
  const router = useRouter();
  const create = useCreateTicket({ onSuccess: ({ data }) => router.push(`/tickets/${data.id}`) });
  const fieldError = (field: string) => (create.error instanceof ApiError ? create.error.details.find((d) => d.field === field)?.message : undefined);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    create.mutate({ subject: String(form.get('subject') ?? ''), description: String(form.get('description') ?? '') || null, priority: form.get('priority') });
  }

  return (
    <form onSubmit={onSubmit} className="mx-auto max-w-2xl space-y-4 p-6" noValidate>
      <h1 className="text-xl font-semibold">New ticket</h1>
      <div>
        <label htmlFor="subject" className="text-sm font-medium">
          Subject
        </label>
        <input id="subject" name="subject" className={control} aria-invalid={!!fieldError('subject')} aria-describedby="subject-error" autoFocus />
        {fieldError('subject') && (
          <p id="subject-error" className="mt-1 text-sm text-red-700 dark:text-red-400">
            {fieldError('subject')}
          </p>
        )}
      </div>
      <div>
        <label htmlFor="description" className="text-sm font-medium">
          Description
        </label>
        <textarea id="description" name="description" rows={6} className={control} />
      </div>
      <div>
        <label htmlFor="priority" className="text-sm font-medium">
          Priority
        </label>
        <select id="priority" name="priority" defaultValue="normal" className={control}>
          {ticketPriorities.map((p) => (
            <option key={p} value={p}>
              {label(p)}
            </option>
          ))}
        </select>
      </div>
      {create.isError && !(create.error instanceof ApiError && create.error.details.length > 0) && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          Not created: {create.error.message}
        </p>
      )}
      <FormActions pending={create.isPending} submit="Create ticket" submitting="Creating…" onCancel={() => router.back()} />
    </form>
  );
}
