'use client';

import { useEffect, useRef } from 'react';
import { Button } from '@/components/ui/button';

const shortcuts = [
  {
    where: 'Inbox',
    keys: [
      ['j / k', 'Next / previous ticket'],
      ['Enter', 'Open the ticket'],
      ['x', 'Select or unselect the ticket'],
      ['/', 'Search'],
      ['c', 'New ticket'],
    ],
  },
  {
    where: 'Ticket',
    keys: [
      ['r', 'Reply to the customer'],
      ['n', 'Internal note'],
      ['e', 'Edit the status'],
      ['Escape', 'Back to the inbox'],
    ],
  },
  {
    where: 'Reply',
    keys: [
      ['Ctrl/⌘+Enter', 'Send'],
      ['Ctrl/⌘+Shift+Enter', 'Send and resolve'],
      ['Ctrl/⌘+B / I / K', 'Bold / italic / link'],
    ],
  },
  { where: 'Anywhere', keys: [['?', 'These shortcuts']] },
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
      {shortcuts.map((group) => (
        <section key={group.where} aria-labelledby={`shortcuts-${group.where}`}>
          <h3 id={`shortcuts-${group.where}`} className="mt-4 text-sm font-semibold">
            {group.where}
          </h3>
          <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm">
            {group.keys.map(([keys, what]) => (
              <div key={keys} className="contents">
                <dt>
                  <kbd className="rounded border border-slate-300 px-1.5 font-mono text-xs dark:border-slate-600">{keys}</kbd>
                </dt>
                <dd>{what}</dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
      <Button className="mt-6" variant="secondary" onClick={() => dialog.current?.close()}>
        Close
      </Button>
    </dialog>
  );
}
