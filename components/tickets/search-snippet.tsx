import { Fragment } from 'react';
import type { SnippetJson } from '@/lib/tickets/schema';
import { snippetParts } from '@/lib/tickets/snippet-parts';

/**
 * Where a search's words matched (`snippet` of GET /tickets/search?highlight=true), with the
 * matched words marked. Customer text stays text: React text nodes, never HTML.
 */
export function SearchSnippet({ snippet, className = '' }: { snippet: SnippetJson; className?: string }) {
  return (
    // A span, so that it may sit inside a row's link as well as beside it.
    <span data-testid="search-snippet" className={`block text-xs text-slate-600 dark:text-slate-400 ${className}`}>
      {snippetParts(snippet).map((part) =>
        part.matched ? (
          <mark key={part.at} className="rounded-sm bg-yellow-200 text-slate-900 dark:bg-yellow-300 dark:text-slate-900">
            {part.text}
          </mark>
        ) : (
          <Fragment key={part.at}>{part.text}</Fragment>
        ),
      )}
    </span>
  );
}
