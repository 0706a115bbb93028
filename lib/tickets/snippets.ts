import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import { tickets, ticketSearch } from '@/db/schema';
import type { SnippetJson } from './schema';

/**
 * ts_headline marks the matched words with these two characters from Unicode's private use area,
 * which no one types on purpose. They are removed from the text before PostgreSQL reads it, so
 * a customer who writes them cannot make a highlight of their own.
 */
export const HIGHLIGHT_START = '\uE000';
export const HIGHLIGHT_STOP = '\uE001';
/**
 * ts_headline leaves out whatever looks like an HTML tag ("use the <input> field" would read "use
 * the field"), so `<` goes in as this stand-in and comes back out; one a customer wrote is removed.
 */
const LESS_THAN = '\uE002';

/** A snippet longer than this (a match inside a pasted log line or URL) is cut, in UTF-16 code units. */
export const SNIPPET_MAX_LENGTH = 400;

const MARKER = new RegExp(`([${HIGHLIGHT_START}${HIGHLIGHT_STOP}])`);

/**
 * Turns ts_headline's marked text into plain text and the ranges of the matched words, in UTF-16
 * code units as JavaScript strings count them. Runs of white space (a description's line breaks)
 * become one space. Null when no word is marked: nothing matched in the text.
 */
export function snippetOf(headline: string | null): SnippetJson | null {
  if (!headline) return null;
  let text = '';
  let start: number | null = null;
  const highlights: SnippetJson['highlights'] = [];
  // Split at the markers, which stay in the list: between them, plain text.
  for (const part of headline.split(MARKER)) {
    if (part === HIGHLIGHT_START) start = text.length;
    else if (part === HIGHLIGHT_STOP) {
      if (start !== null && text.length > start) highlights.push({ start, length: text.length - start });
      start = null;
    } else {
      const piece = part.replace(/\s+/g, ' ').replaceAll(LESS_THAN, '<');
      text += piece.startsWith(' ') && (text.length === 0 || text.endsWith(' ')) ? piece.slice(1) : piece;
    }
  }
  if (highlights.length === 0) return null;
  const snippet = cut({ text: text.trimEnd(), highlights });
  return snippet.highlights.length > 0 ? snippet : null;
}

/** Keeps a snippet to SNIPPET_MAX_LENGTH, never splitting a surrogate pair, with the highlights that still fit. */
function cut(snippet: SnippetJson): SnippetJson {
  if (snippet.text.length <= SNIPPET_MAX_LENGTH) return snippet;
  let end = SNIPPET_MAX_LENGTH - 1;
  const last = snippet.text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  const highlights = snippet.highlights.flatMap((h) => (h.start >= end ? [] : [{ start: h.start, length: Math.min(h.length, end - h.start) }]));
  return { text: `${snippet.text.slice(0, end)}…`, highlights };
}

// Up to two passages of about 20 words each. ShortWord=0: a passage may begin or end with a short
// word ("Le café", "sign in"), which ts_headline would otherwise cut off.
const headlineOptions = `StartSel="${HIGHLIGHT_START}", StopSel="${HIGHLIGHT_STOP}", MaxWords=20, MinWords=8, ShortWord=0, MaxFragments=2, FragmentDelimiter=" … "`;

/**
 * ts_headline parses the text it is given (about 1 ms for 5,000 characters), so it is given a window
 * of this many characters around the first place a word of the query appears as written (found
 * with strpos, which costs next to nothing), else the text's beginning.
 */
export const SNIPPET_WINDOW = 600;

/** A constant of the code as an SQL literal: sent as text, not as one more parameter per use. */
const literal = (value: string) => sql.raw(`'${value.replaceAll("'", "''")}'`);

const words = sql.identifier('search_words');

/**
 * The search's words, parsed once per statement: `search_words.tsq` (the query) and
 * `search_words.stems` (its words as stemmed: 'resetting' → 'reset'; most stems are how the word
 * begins). Cross-join it where snippetHeadline() is selected. `offset 0` keeps it a row of its own:
 * pulled up, each use would parse the words again.
 */
export function searchWords(q: string): SQL {
  return sql`(select tsq, array(select (regexp_matches(tsq::text, '''([^'']+)''', 'g'))[1]) as stems
    from websearch_to_tsquery('english', ${q}) tsq offset 0) as ${words}`;
}

/**
 * Where a search's words matched in a ticket, as ts_headline marks them: a column for a query that
 * reads `tickets` joined to `ticket_search` and searchWords(), asked for a page of results only,
 * never for every match. The text is the first that matches the whole query: the description, else
 * the first reply or internal note that does, else the subject, else (words spread over several of
 * them) subject and description together. Which of them matched is read from the ticket's search
 * vector, whose weights keep them apart (A subject, B description, C replies), so only the text
 * shown is parsed, and replies only when they matched. Every caller who may search may read
 * internal notes (`tickets:read` covers the whole thread), so notes count as replies do.
 */
export const snippetHeadline: SQL<string | null> = (() => {
  // It has no parameters of its own, so it is built once and shared by every search.
  const query = sql`${words}.tsq`;
  const stems = sql`${words}.stems`;
  // Read as the search vector reads a text: its first 100,000 characters.
  const indexed = (text: SQL) => sql`left(${text}, 100000)`;
  const firstStem = (text: SQL) => sql`(select min(nullif(strpos(lower(${indexed(text)}), stem), 0)) from unnest(${stems}) stem)`;
  const [half, whole] = [SNIPPET_WINDOW / 2, SNIPPET_WINDOW].map((n) => sql.raw(String(n)));
  const around = (text: SQL) => sql`substr(${indexed(text)}, greatest(1, coalesce(${firstStem(text)}, 1) - ${half}), ${whole})`;
  // translate() turns `<` into its stand-in and removes the rest: the markers and a stand-in already there.
  const readable = (text: SQL) => sql`translate(${text}, ${literal(`<${HIGHLIGHT_START}${HIGHLIGHT_STOP}${LESS_THAN}`)}, ${literal(LESS_THAN)})`;
  const headline = (text: SQL) => sql`ts_headline('english', ${readable(text)}, ${query}, ${literal(headlineOptions)})`;
  // A headline without a marked word (a stem found inside another word) gives way to the next try.
  // `offset 0` makes the headline once: pulled up into the outer query it would be made twice.
  const marked = (text: SQL) => sql`(select h from (select ${headline(text)} as h offset 0) x where strpos(h, ${literal(HIGHLIGHT_START)}) > 0)`;
  // The window where a stem appears, else the whole text as indexed: the costly way, when the cheap one misses.
  const snippetOfText = (text: SQL) => sql`coalesce(${marked(around(text))}, ${marked(indexed(text))})`;
  const matchedIn = (weight: 'a' | 'b' | 'c') => sql`ts_filter(${ticketSearch.searchVector}, ${literal(`{${weight}}`)}::"char"[]) @@ ${query}`;
  const description = sql`coalesce(${tickets.description}, '')`;
  const subject = sql`${tickets.subject}`;
  // Spelt out: inside the subquery a bare "id" would be the reply's.
  const ticketId = sql`${sql.identifier('tickets')}.${sql.identifier('id')}`;
  // Replies where a stem appears are tried first, so usually one reply is parsed; `offset 0` keeps
  // the parse (the filter) out of the sorted subquery, where it would run for every reply.
  const firstReply = sql`(select ${snippetOfText(sql`r.content`)} from (
      select content, created_at, id from replies where ticket_id = ${ticketId}
      order by ${firstStem(sql`content`)} is null, created_at, id offset 0
    ) r where to_tsvector('english', ${indexed(sql`r.content`)}) @@ ${query} limit 1)`;
  return sql<string | null>`coalesce(
    case when ${matchedIn('b')} then ${snippetOfText(description)} end,
    case when ${matchedIn('c')} then ${firstReply} end,
    case when ${matchedIn('a')} then ${headline(subject)} end,
    ${headline(sql`${subject} || ' ' || ${description}`)}
  )`;
})();
