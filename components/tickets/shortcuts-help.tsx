'use client';

import { useEffect, useRef } from 'react';
import { Button } from '@/components/ui/button';

const shortcuts = [
  ['j / k', 'Next / previous ticket'],
  ['Enter', 'Open the ticket'],
  ['x', 'Select or unselect the ticket'],
  ['/', 'Search'],
  ['c', 'New ticket'],
  ['?', 'These shortcuts'],
] as const;

/** The keyboard shortcuts, in a dialog that Escape closes. */
export function ShortcutsHelp({ onClose }: { onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  return (
    <dialog
      ref={dialog}
      onClose={onClose}
      aria-labelledby="shortcuts-title"
      className="m-auto rounded-lg border border-slate-200 bg-white p-6 text-slate-900 shadow-xl backdrop:bg-slate-900/40 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
    >
      <h2 id="shortcuts-title" className="text-lg font-semibold">
        Keyboard shortcuts
      </h2>
      <dl className="mt-4 grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm">
        {shortcuts.map(([keys, what]) => (
          <div key={keys} className="contents">
            <dt>
              <kbd className="rounded border border-slate-300 px-1.5 font-mono text-xs dark:border-slate-600">{keys}</kbd>
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
      <Button className="mt-6" variant="secondary" onClick={() => dialog.current?.close()}>
        Close
      </Button>
    </dialog>
  );
}
