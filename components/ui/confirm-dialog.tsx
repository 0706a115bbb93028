'use client';

import { useEffect, useRef, type ReactNode } from 'react';
import { Button } from '@/components/ui/button';

/**
 * Asks before a change that is hard to undo (deactivate, delete). Escape or Cancel closes it;
 * Cancel has the focus, so Enter alone never confirms. Used by every settings screen: it would sit
 * in components/ui beside the other primitives.
 */
export function ConfirmDialog(props: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  // Closed either way, so the browser gives the focus back to the button that opened it.
  const confirmed = useRef(false);
  useEffect(() => {
    if (!dialog.current?.open) dialog.current?.showModal();
    // React's autoFocus runs before the dialog is open, when nothing in it can take the focus.
    dialog.current?.querySelector<HTMLButtonElement>('[data-cancel]')?.focus();
  }, []);
  return (
    <dialog
      ref={dialog}
      onClose={() => (confirmed.current ? props.onConfirm() : props.onCancel())}
      aria-labelledby="confirm-title"
      aria-describedby="confirm-body"
      className="m-auto max-w-md rounded-lg border border-slate-200 bg-white p-6 text-slate-900 shadow-xl backdrop:bg-slate-900/40 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
    >
      <h2 id="confirm-title" className="text-lg font-semibold">
        {props.title}
      </h2>
      <div id="confirm-body" className="mt-2 text-sm text-slate-700 dark:text-slate-300">
        {props.children}
      </div>
      <div className="mt-6 flex justify-end gap-2">
        <Button data-cancel variant="secondary" onClick={() => dialog.current?.close()}>
          Cancel
        </Button>
        <Button
          variant={props.danger === false ? 'primary' : 'danger'}
          onClick={() => {
            confirmed.current = true;
            dialog.current?.close();
          }}
        >
          {props.confirmLabel}
        </Button>
      </div>
    </dialog>
  );
}
