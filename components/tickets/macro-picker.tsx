'use client';

import { useId, useState, type KeyboardEvent } from 'react';
import { useApplyMacro, useMacros } from '@/components/data/macros';
import { useTypedTerm } from '@/components/ui/use-typed-term';
import type { MacroJson } from '@/lib/macros/schema';

/** `#` in an empty composer, or Ctrl/⌘+Shift+M anywhere in it, opens the macro picker. */
export function opensMacroPicker(event: KeyboardEvent<HTMLTextAreaElement>, text: string): boolean {
  if (event.key === '#' && text === '' && !event.ctrlKey && !event.metaKey && !event.altKey) return true;
  return event.key.toLowerCase() === 'm' && event.shiftKey && (event.ctrlKey || event.metaKey) && !event.altKey;
}

/** What a macro does besides its text, in a few words for the list. */
function actionSummary(macro: MacroJson): string {
  const a = macro.actions;
  const parts = [
    a.status && `status ${a.status.replace('_', ' ')}`,
    a.priority && `priority ${a.priority}`,
    a.assignee_id === 'me' ? 'assign to me' : a.assignee_id === null ? 'unassign' : a.assignee_id !== undefined && 'assign',
    a.add_tags?.length && `tag ${a.add_tags.join(', ')}`,
    a.remove_tags?.length && `untag ${a.remove_tags.join(', ')}`,
  ].filter(Boolean);
  return parts.join(' · ');
}

/**
 * A searchable list of the agent's macros (a combobox: the search box keeps the focus, arrows move,
 * Enter or a click chooses). Choosing applies the macro's actions to the ticket and hands its text
 * to the composer; nothing is sent.
 */
export function MacroPicker(props: {
  ticketId: number;
  /** Opened by `#` typed in the empty composer, which may have been the start of a Markdown heading. */
  byHash: boolean;
  onInsert: (body: string) => void;
  /** `text`: what the composer is to hold instead (the `#` typed, when it was meant as text). */
  onClose: (text?: string) => void;
}) {
  const [term, setTerm] = useState('');
  const typed = useTypedTerm(term);
  const macros = useMacros(typed);
  const [active, setActive] = useState(0);
  const listId = useId();
  const optionId = (index: number) => `${listId}-option-${index}`;
  const list = macros.data?.data ?? [];
  const apply = useApplyMacro(props.ticketId, { onSuccess: (answer) => props.onInsert(answer.data.body) });

  function choose(macro: MacroJson | undefined) {
    if (macro && !apply.isPending) apply.mutate(macro.id);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    // `# ` and `##` start Markdown headings, and `#` then Escape is a plain `#`: all go back to the text.
    const hashMeantAsText = props.byHash && term === '' && (event.key === ' ' || event.key === '#' || event.key === 'Escape');
    if (hashMeantAsText) {
      event.preventDefault();
      return props.onClose(event.key === 'Escape' ? '#' : `#${event.key}`);
    }
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      if (list.length > 0) setActive((current) => (current + step + list.length) % list.length);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      choose(list[active]);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      props.onClose();
    }
  }

  const status = macros.isPending ? 'Loading macros…' : apply.isPending ? 'Applying the macro…' : `${list.length} ${list.length === 1 ? 'macro' : 'macros'}`;

  return (
    <div className="mt-2 rounded-md border border-slate-300 bg-white p-2 shadow-lg dark:border-slate-700 dark:bg-slate-900">
      <label htmlFor={`${listId}-search`} className="text-sm font-medium">
        Insert a macro
      </label>
      <input
        id={`${listId}-search`}
        type="text"
        role="combobox"
        aria-expanded={list.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={list[active] ? optionId(active) : undefined}
        autoComplete="off"
        autoFocus
        placeholder="Search macros by name"
        value={term}
        onChange={(e) => {
          setTerm(e.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
        onBlur={(e) => {
          // Leaving the picker (not for one of its options) closes it.
          if (!e.currentTarget.parentElement?.contains(e.relatedTarget)) props.onClose();
        }}
        className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-950"
      />
      <div id={listId} role="listbox" aria-label="Macros" className="mt-1 max-h-64 overflow-auto text-sm">
        {list.map((macro, index) => (
          // biome-ignore lint/a11y/useFocusableInteractive lint/a11y/useKeyWithClickEvents: in the combobox pattern the search box keeps the focus and its arrow keys and Enter choose (aria-activedescendant); the click is for the mouse
          <div
            key={macro.id}
            id={optionId(index)}
            role="option"
            aria-selected={index === active}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => choose(macro)}
            className={`cursor-pointer rounded px-3 py-1.5 ${index === active ? 'bg-indigo-100 dark:bg-indigo-900' : 'hover:bg-slate-100 dark:hover:bg-slate-800'}`}
          >
            <span className="font-medium">{macro.name}</span>
            {macro.visibility === 'personal' && <span className="text-slate-600 dark:text-slate-300"> (mine)</span>}
            {actionSummary(macro) && <span className="block text-xs text-slate-600 dark:text-slate-300">{actionSummary(macro)}</span>}
          </div>
        ))}
      </div>
      {!macros.isPending && list.length === 0 && <p className="px-3 py-1.5 text-sm text-slate-600 dark:text-slate-400">No macros match.</p>}
      <p role="status" className="sr-only">
        {status}
      </p>
      {apply.isError && (
        <p role="alert" className="mt-1 text-sm text-red-800 dark:text-red-300">
          Not applied: {apply.error.message}
        </p>
      )}
    </div>
  );
}
