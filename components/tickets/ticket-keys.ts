'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useEffectEvent } from 'react';
import { inboxHref } from './next-ticket';

/** Picks the composer's kind and puts the cursor in its text. */
function focusComposer(kind: 'public' | 'internal') {
  document.querySelector<HTMLInputElement>(`input[name="kind"][value="${kind}"]`)?.click();
  document.getElementById('reply-text')?.focus();
}

/**
 * The ticket page's single keys: r reply, n internal note, e the status, Escape back to the inbox
 * list, ? the help. Never while typing in a field, nor while a dialog is open (Escape closes that).
 */
export function useTicketKeys(onHelp: () => void) {
  const router = useRouter();
  const onKey = useEffectEvent((event: KeyboardEvent) => {
    const target = event.target as HTMLElement;
    if (event.metaKey || event.ctrlKey || event.altKey || event.defaultPrevented) return;
    if (target.closest('input, textarea, select, [contenteditable="true"]') || document.querySelector('dialog[open]')) return;
    if (event.key === 'r') focusComposer('public');
    else if (event.key === 'n') focusComposer('internal');
    else if (event.key === 'e') document.getElementById('prop-status')?.focus();
    else if (event.key === 'Escape') router.push(inboxHref());
    else if (event.key === '?') onHelp();
    else return;
    event.preventDefault();
  });
  useEffect(() => {
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
