'use client';

import { useId, useState, type KeyboardEvent, type ReactNode, type RefObject } from 'react';
import { useCurrentAgent } from '@/components/current-agent';
import { useAgents } from '@/components/data/agents';

const MAX_OPTIONS = 8;

// `@` at the start or after a space or punctuation, then what is typed so far (names have spaces).
const typedMention = /(?:^|[^\p{L}\p{N}_@])@([\p{L}\p{N}_' .-]{0,60})$/u;

type Picker = {
  /** Spread on the textarea: ties it to the list for screen readers. */
  textareaProps: { 'aria-controls'?: string; 'aria-activedescendant'?: string; onSelect: () => void };
  /** Handles the picker's keys first; true when it took the key. */
  onKeyDown: (event: KeyboardEvent<HTMLTextAreaElement>) => boolean;
  list: ReactNode;
};

/**
 * The internal note's agent picker: typing `@` lists the active agents whose name starts with
 * what follows; arrows move, Enter or Tab inserts `@First Last`, Escape closes. The note keeps
 * the name as typed (lib/notifications/mentions.ts resolves it), so no id ever shows.
 */
export function useMentionPicker(textarea: RefObject<HTMLTextAreaElement | null>, text: string, setText: (text: string) => void, enabled: boolean): Picker {
  const listId = useId();
  const me = useCurrentAgent();
  const agents = useAgents().data ?? [];
  const [caret, setCaret] = useState<number | null>(null);
  const [active, setActive] = useState(0);
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);

  const before = caret === null ? null : text.slice(0, caret);
  const typed = enabled && before !== null ? typedMention.exec(before) : null;
  const query = typed ? typed[1]!.toLowerCase() : null;
  const start = typed && caret !== null ? caret - typed[1]!.length - 1 : null;
  const options =
    query === null || start === dismissedAt
      ? []
      : agents.filter((a) => a.id !== me.id && a.name.toLowerCase().startsWith(query.trimStart())).slice(0, MAX_OPTIONS);
  const open = options.length > 0;
  const current = Math.min(active, options.length - 1);
  const optionId = (i: number) => `${listId}-${i}`;

  function insert(name: string) {
    if (start === null || caret === null) return;
    const mention = `@${name} `;
    setText(text.slice(0, start) + mention + text.slice(caret));
    const at = start + mention.length;
    setCaret(at);
    setActive(0);
    requestAnimationFrame(() => {
      textarea.current?.focus();
      textarea.current?.setSelectionRange(at, at);
    });
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>): boolean {
    if (!open) return false;
    const choose = (event.key === 'Enter' && !event.ctrlKey && !event.metaKey) || (event.key === 'Tab' && !event.shiftKey);
    if (event.key === 'ArrowDown') setActive((current + 1) % options.length);
    else if (event.key === 'ArrowUp') setActive((current - 1 + options.length) % options.length);
    else if (choose) insert(options[current]!.name);
    else if (event.key === 'Escape') setDismissedAt(start);
    else return false;
    event.preventDefault();
    return true;
  }

  const list = open ? (
    <div
      id={listId}
      role="listbox"
      aria-label="Mention an agent"
      className="mt-1 max-w-xs rounded-md border border-slate-300 bg-white py-1 text-sm shadow-lg dark:border-slate-600 dark:bg-slate-900"
    >
      {options.map((agent, i) => (
        // biome-ignore lint/a11y/useFocusableInteractive lint/a11y/useKeyWithClickEvents: in the combobox pattern the textarea keeps the focus and its arrow keys, Enter and Tab choose (aria-activedescendant); the click is for the mouse
        <div
          key={agent.id}
          id={optionId(i)}
          role="option"
          aria-selected={i === current}
          // Keeps the focus (and the caret) in the textarea.
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => insert(agent.name)}
          className={`cursor-pointer px-3 py-1 ${i === current ? 'bg-indigo-100 text-indigo-900 dark:bg-indigo-900 dark:text-indigo-100' : 'hover:bg-slate-100 dark:hover:bg-slate-800'}`}
        >
          {agent.name}
        </div>
      ))}
    </div>
  ) : null;

  return {
    textareaProps: {
      ...(open ? { 'aria-controls': listId, 'aria-activedescendant': optionId(current) } : {}),
      onSelect: () => setCaret(textarea.current?.selectionStart ?? null),
    },
    onKeyDown,
    list,
  };
}
