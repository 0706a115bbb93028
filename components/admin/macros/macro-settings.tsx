'use client';

import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { LoadError, Loading } from '@/components/ui/load-error';
import { Table, columns } from '@/components/ui/table';
import { useDeleteMacro, useMacros } from '@/components/data/macros';
import type { MacroJson } from '@/lib/macros/schema';
import { MacroForm } from './macro-form';

type Visibility = MacroJson['visibility'];
type Panel = { kind: 'new' } | { kind: 'edit'; macro: MacroJson } | null;

const texts: Record<Visibility, { title: string; intro: string }> = {
  shared: {
    title: 'Macros',
    intro: 'Canned replies every agent can insert from the composer (the Macros button, or # in an empty reply), with what they do to the ticket.',
  },
  personal: { title: 'My macros', intro: 'Your own canned replies: only you see them in the composer, beside the shared ones your admins keep.' },
};

/** Admin → Settings → Macros (the shared ones) and Settings → My macros (an agent's personal ones): one screen, two lists. */
export function MacroSettings({ visibility }: { visibility: Visibility }) {
  const [panel, setPanel] = useState<Panel>(null);
  const macros = useMacros();
  const [confirming, setConfirming] = useState<MacroJson | null>(null);
  const remove = useDeleteMacro();
  const list = (macros.data?.data ?? []).filter((m) => m.visibility === visibility);
  const titleId = `${visibility}-macros-title`;

  return (
    <section aria-labelledby={titleId} className="max-w-5xl">
      <div className="flex items-center gap-2">
        <h1 id={titleId} className="mr-auto text-xl font-semibold">
          {texts[visibility].title}
        </h1>
        <Button variant="secondary" onClick={() => setPanel({ kind: 'new' })}>
          New macro
        </Button>
      </div>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{texts[visibility].intro}</p>
      {panel?.kind === 'new' && <MacroForm key="new" visibility={visibility} onDone={() => setPanel(null)} />}
      {panel?.kind === 'edit' && <MacroForm key={panel.macro.id} macro={panel.macro} visibility={visibility} onDone={() => setPanel(null)} />}
      {macros.isError ? (
        <LoadError what="The macros" error={macros.error} onRetry={() => void macros.refetch()} className="mt-4" />
      ) : macros.isPending ? (
        <Loading className="mt-4">Loading macros…</Loading>
      ) : list.length === 0 ? (
        <p className="mt-4 rounded-md border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
          No macros yet.
        </p>
      ) : (
        <Table labelledBy={titleId} className="mt-4" columns={[...columns('Name', 'Text'), { label: <span className="sr-only">Actions</span> }]}>
          {list.map((m) => (
            <tr key={m.id} className="border-b border-slate-100 align-top last:border-0 dark:border-slate-800">
              <td className="px-3 py-2 font-medium">{m.name}</td>
              <td className="max-w-md truncate px-3 py-2">{m.body}</td>
              <td className="px-3 py-2">
                <div className="flex justify-end gap-1">
                  <Button variant="ghost" onClick={() => setPanel({ kind: 'edit', macro: m })}>
                    Edit<span className="sr-only"> {m.name}</span>
                  </Button>
                  <Button variant="ghost" disabled={remove.isPending} onClick={() => setConfirming(m)}>
                    Delete<span className="sr-only"> {m.name}</span>
                  </Button>
                </div>
              </td>
            </tr>
          ))}
        </Table>
      )}
      {remove.isError && (
        <p role="alert" className="mt-2 text-sm text-red-700 dark:text-red-400">
          Not deleted: {remove.error.message}
        </p>
      )}
      {confirming && (
        <ConfirmDialog
          title={`Delete the macro “${confirming.name}”?`}
          confirmLabel="Delete"
          onCancel={() => setConfirming(null)}
          onConfirm={() => {
            remove.mutate(confirming);
            setConfirming(null);
          }}
        >
          {visibility === 'shared' ? 'No agent can insert it any more.' : 'You can no longer insert it.'} Replies already sent with it stay as they are.
        </ConfirmDialog>
      )}
    </section>
  );
}
