import type { SnippetJson } from './schema';

/** A stretch of a snippet's text: `at` is where it starts, `matched` whether a search word is in it. */
export type SnippetPart = { at: number; text: string; matched: boolean };

/**
 * A snippet cut into plain and matched parts, in order, for a client to mark up as text. Ranges
 * that overlap, come out of order or run past the text are trimmed rather than trusted.
 */
export function snippetParts({ text, highlights }: SnippetJson): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let at = 0;
  for (const { start, length } of [...highlights].sort((a, b) => a.start - b.start)) {
    const from = Math.max(start, at);
    const to = Math.min(start + length, text.length);
    if (to <= from) continue;
    if (from > at) parts.push({ at, text: text.slice(at, from), matched: false });
    parts.push({ at: from, text: text.slice(from, to), matched: true });
    at = to;
  }
  if (at < text.length) parts.push({ at, text: text.slice(at), matched: false });
  return parts;
}
