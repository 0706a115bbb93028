'use client';

import { createContext, useContext, type ReactNode } from 'react';
import { useAgents } from '@/components/data/agents';
import { mentionParts } from '@/lib/notifications/mentions';

// Only internal notes mention anyone: a public reply's `@Name` is text the customer reads.
const Highlight = createContext(false);

export function MentionsHighlighted({ on, children }: { on: boolean; children: ReactNode }) {
  return <Highlight.Provider value={on}>{children}</Highlight.Provider>;
}

/** A run of a note's text with its `@First Last` mentions of active agents marked, the text unchanged. */
export function MentionText({ text }: { text: string }) {
  const on = useContext(Highlight);
  const agents = useAgents().data;
  if (!on || !agents || !text.includes('@')) return text;
  return mentionParts(text, agents).map((part, i) =>
    part.agentId === null ? (
      part.text
    ) : (
      // biome-ignore lint/suspicious/noArrayIndexKey: the parts are cut afresh from the text; they never move
      <span key={i} data-mention className="rounded bg-indigo-100 px-0.5 font-medium text-indigo-900 dark:bg-indigo-900 dark:text-indigo-100">
        {part.text}
      </span>
    ),
  );
}
