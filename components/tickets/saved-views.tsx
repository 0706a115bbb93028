'use client';

import Link from 'next/link';
import { useEffect, useState } from 'react';
import { Button } from '@/components/ui/button';
import { ApiError } from '@/components/data/api';
import { useCreateSavedView, useDeleteSavedView } from '@/components/data/views';
import type { SavedViewJson } from '@/lib/views/schema';

/** How long "View deleted" offers its Undo. */
const UNDO_MS = 8_000;

/**
 * The agent's own views: a name for the inbox's current filters, kept on the server. The one the
 * inbox shows is marked as the current page; a deleted one can be brought back for a few seconds.
 */
export function SavedViews({ views, current, currentQuery }: { views: SavedViewJson[] | undefined; current: SavedViewJson | undefined; currentQuery: string }) {
  const [naming, setNaming] = useState(false);
  const [deleted, setDeleted] = useState<SavedViewJson | null>(null);
  const [name, setName] = useState('');
  const save = useCreateSavedView({
    onSuccess: () => {
      setNaming(false);
      setName('');
    },
  });
  const remove = useDeleteSavedView();
  const restore = useCreateSavedView({ onSuccess: () => setDeleted(null) });

  useEffect(() => {
    if (!deleted) return;
    const timer = setTimeout(() => setDeleted(null), UNDO_MS);
    return () => clearTimeout(timer);
  }, [deleted]);

  return (
    <div className="mt-4 border-t border-slate-200 pt-3 dark:border-slate-800">
      <h2 className="px-3 text-xs font-semibold text-slate-600 uppercase dark:text-slate-400">Your views</h2>
      <ul className="mt-1">
        {(views ?? []).map((view) => (
          <li key={view.id} className="group flex items-center">
            <Link
              href={`/tickets${view.query}`}
              aria-current={view.id === current?.id ? 'page' : undefined}
              className={`flex-1 truncate rounded-md px-3 py-1.5 text-sm ${view.id === current?.id ? 'bg-indigo-50 font-medium text-indigo-800 dark:bg-indigo-950 dark:text-indigo-200' : 'text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800'}`}
            >
              {view.name}
            </Link>
            <button
              type="button"
              aria-label={`Delete view ${view.name}`}
              onClick={() => remove.mutate(view.id, { onSuccess: () => setDeleted(view) })}
              className="px-2 text-slate-600 hover:text-red-700 dark:text-slate-400"
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <div role="status" className="px-3 text-sm empty:hidden">
        {deleted && (
          <span className="flex items-center justify-between gap-2">
            View deleted
            <Button variant="ghost" disabled={restore.isPending} onClick={() => restore.mutate({ name: deleted.name, query: deleted.query })}>
              Undo
            </Button>
          </span>
        )}
      </div>
      {naming ? (
        <form
          className="mt-1 space-y-1 px-3"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate({ name, query: currentQuery });
          }}
        >
          <label htmlFor="view-name" className="sr-only">
            Name of the view
          </label>
          <input
            id="view-name"
            autoFocus
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="Name"
            className="w-full rounded-md border border-slate-300 px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900"
          />
          {save.error instanceof ApiError && (
            <p role="alert" className="text-xs text-red-700">
              {save.error.details[0]?.message ?? save.error.message}
            </p>
          )}
          <div className="flex gap-1">
            <Button type="submit" disabled={save.isPending}>
              Save
            </Button>
            <Button variant="ghost" onClick={() => setNaming(false)}>
              Cancel
            </Button>
          </div>
        </form>
      ) : (
        <Button variant="ghost" className="mt-1 w-full justify-start" onClick={() => setNaming(true)}>
          + Save this view
        </Button>
      )}
    </div>
  );
}
