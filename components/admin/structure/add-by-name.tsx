'use client';

import { useState, type FormEvent } from 'react';
import type { z } from 'zod';
import { Button } from '@/components/ui/button';
import { control } from '@/components/ui/field';
import { apiErrorMap, zodDetails } from '@/lib/api/validation';

/**
 * A one-line form that creates something by name. `schema` is the API's create schema, so the
 * browser says what the API would; `onAdd` rejects with the API's message when the server refuses.
 */
export function AddByName<Body>(props: {
  id: string;
  label: string;
  button: string;
  schema: z.ZodType;
  body: (name: string) => Body;
  onAdd: (body: Body) => Promise<unknown>;
}) {
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const body = props.body(name);
    const check = props.schema.safeParse(body, { error: apiErrorMap });
    if (!check.success) return setError(zodDetails(check.error)[0]?.message ?? 'Not valid');
    setPending(true);
    setError(null);
    try {
      await props.onAdd(body);
      setName('');
    } catch (refusal) {
      setError(refusal instanceof Error ? refusal.message : String(refusal));
    } finally {
      setPending(false);
    }
  }

  const errorId = `${props.id}-error`;
  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate className="mt-2">
      <label htmlFor={props.id} className="text-sm font-medium">
        {props.label}
      </label>
      <div className="flex max-w-md items-start gap-2">
        <input
          id={props.id}
          value={name}
          autoComplete="off"
          onChange={(e) => {
            setName(e.target.value);
            setError(null);
          }}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          className={control}
        />
        <Button type="submit" className="mt-1 py-2" disabled={pending}>
          {pending ? 'Adding…' : props.button}
        </Button>
      </div>
      {error && (
        <p id={errorId} className="mt-1 text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
    </form>
  );
}
