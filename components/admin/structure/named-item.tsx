'use client';

import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { z } from 'zod';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { Button } from '@/components/ui/button';
import { control } from '@/components/ui/field';
import { apiErrorMap, zodDetails } from '@/lib/api/validation';
import { useDeleteStructureItem, useRenameStructureItem, type StructureKind } from '@/components/data/organisation';

const deleteNotes: Record<StructureKind, string> = {
  department: 'Its categories stay, without a department, and its agents stop being members of it.',
  category: 'This cannot be undone.',
};

/**
 * A department or category by name, with its ticket count: renamed in place (Enter saves, Escape
 * cancels) or deleted after a confirmation. What the API refuses (a taken name, a department
 * tickets still use) is shown beside it, in the API's words.
 */
export function NamedItem(props: {
  kind: StructureKind;
  item: { id: number; name: string; ticket_count: number };
  renameSchema: z.ZodType;
  children: (name: ReactNode) => ReactNode;
}) {
  const { kind, item } = props;
  const [draft, setDraft] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const inputId = `rename-${kind}-${item.id}`;
  const problemId = `${kind}-${item.id}-problem`;
  const renameButtonId = `rename-button-${kind}-${item.id}`;
  // Back to the Rename button once the name box closes, rather than to the top of the page.
  const refocus = useRef(false);
  useEffect(() => {
    if (draft !== null || !refocus.current) return;
    refocus.current = false;
    document.getElementById(renameButtonId)?.focus();
  }, [draft, renameButtonId]);

  // The box stays until the list has the new name, so the old one never flashes back.
  const rename = useRenameStructureItem(kind, item.id, {
    onSuccess: () => {
      refocus.current = true;
      setDraft(null);
    },
    onError: (error) => setProblem(error.message),
  });
  const remove = useDeleteStructureItem(kind, item.id, { onError: (error) => setProblem(error.message) });

  function stopRenaming() {
    refocus.current = true;
    setDraft(null);
    setProblem(null);
  }

  function onRename(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (draft === null) return;
    if (draft.trim() === item.name) return stopRenaming();
    const check = props.renameSchema.safeParse({ name: draft }, { error: apiErrorMap });
    if (!check.success) return setProblem(zodDetails(check.error)[0]?.message ?? 'Not valid');
    setProblem(null);
    rename.mutate(draft);
  }

  const problemText = problem && (
    <p id={problemId} role="alert" className="mt-1 text-sm text-red-700 dark:text-red-400">
      {problem}
    </p>
  );

  if (draft !== null) {
    return (
      <form onSubmit={onRename} noValidate onKeyDown={(e) => e.key === 'Escape' && stopRenaming()}>
        <label htmlFor={inputId} className="sr-only">
          New name for {item.name}
        </label>
        <div className="flex max-w-md items-start gap-2">
          <input
            id={inputId}
            value={draft}
            autoFocus
            autoComplete="off"
            onChange={(e) => {
              setDraft(e.target.value);
              setProblem(null);
            }}
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? problemId : undefined}
            className={control}
          />
          <Button type="submit" className="mt-1 py-2" disabled={rename.isPending}>
            Save
          </Button>
          <Button variant="secondary" className="mt-1 py-2" onClick={stopRenaming}>
            Cancel
          </Button>
        </div>
        {problemText}
      </form>
    );
  }

  return (
    <div>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        {props.children(item.name)}
        <span className="text-xs text-slate-600 dark:text-slate-400">{item.ticket_count === 1 ? '1 ticket' : `${item.ticket_count} tickets`}</span>
        <span className="ml-auto flex gap-1">
          <Button
            id={renameButtonId}
            variant="ghost"
            onClick={() => {
              setProblem(null);
              setDraft(item.name);
            }}
          >
            Rename
            <span className="sr-only">
              {' '}
              {kind} {item.name}
            </span>
          </Button>
          <Button variant="ghost" disabled={remove.isPending} onClick={() => setConfirming(true)} aria-describedby={problem ? problemId : undefined}>
            Delete
            <span className="sr-only">
              {' '}
              {kind} {item.name}
            </span>
          </Button>
        </span>
      </div>
      {problemText}
      {confirming && (
        <ConfirmDialog
          title={`Delete the ${kind} “${item.name}”?`}
          confirmLabel="Delete"
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            setProblem(null);
            remove.mutate();
          }}
        >
          {deleteNotes[kind]}
        </ConfirmDialog>
      )}
    </div>
  );
}
