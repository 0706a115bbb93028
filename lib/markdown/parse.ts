/**
 * The Markdown an agent writes in the composer: paragraphs, **bold**, *italic*, `code`, fenced code
 * blocks, > quotes, - and 1. lists and [links](https://…). Raw HTML is never markup here, only text,
 * and a link keeps its target only for http(s) and mailto; everything else stays as written.
 */
export type MarkdownInline =
  | { type: 'text'; text: string }
  | { type: 'code'; text: string }
  | { type: 'strong'; children: MarkdownInline[] }
  | { type: 'em'; children: MarkdownInline[] }
  | { type: 'link'; href: string; children: MarkdownInline[] }
  | { type: 'break' };

export type MarkdownBlock =
  | { type: 'paragraph'; children: MarkdownInline[] }
  | { type: 'list'; ordered: boolean; items: MarkdownInline[][] }
  | { type: 'quote'; children: MarkdownBlock[] }
  | { type: 'codeBlock'; text: string };

const FENCE = /^\s{0,3}```/;
const QUOTE = /^\s{0,3}> ?/;
const BULLET = /^\s{0,3}[-*+]\s+/;
const NUMBERED = /^\s{0,3}\d{1,9}[.)]\s+/;

/** The link targets a reader may follow from a reply: web pages and email addresses, nothing that runs. */
export function safeHref(raw: string): string | null {
  const href = raw.trim();
  try {
    const url = new URL(href);
    return ['http:', 'https:', 'mailto:'].includes(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * Past these a reply is shown as plain text: the inline scans look ahead for closing markers, so
 * thousands of unmatched `[` or `*` in a long text would cost seconds of a reader's page.
 */
const MAX_MARKDOWN_LENGTH = 20_000;
const MAX_OPENERS = 500;
const MAX_QUOTE_DEPTH = 8;

export function parseMarkdown(source: string): MarkdownBlock[] {
  const text = source.replace(/\r\n?/g, '\n');
  const openers = (text.match(/[[*_`]/g) ?? []).length;
  if (text.length > MAX_MARKDOWN_LENGTH || openers > MAX_OPENERS) return asPlainText(text);
  return parseBlocks(text.split('\n'), 0);
}

/** The text as written, its line breaks kept. */
function asPlainText(text: string): MarkdownBlock[] {
  const children = text.split('\n').flatMap((line, i): MarkdownInline[] => [...(i > 0 ? [{ type: 'break' as const }] : []), { type: 'text', text: line }]);
  return [{ type: 'paragraph', children }];
}

function parseBlocks(lines: string[], depth: number): MarkdownBlock[] {
  const blocks: MarkdownBlock[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.trim() === '') {
      i++;
    } else if (FENCE.test(line)) {
      const body: string[] = [];
      i++;
      while (i < lines.length && !FENCE.test(lines[i]!)) body.push(lines[i++]!);
      i++;
      blocks.push({ type: 'codeBlock', text: body.join('\n') });
    } else if (QUOTE.test(line) && depth < MAX_QUOTE_DEPTH) {
      const body: string[] = [];
      while (i < lines.length && QUOTE.test(lines[i]!)) body.push(lines[i++]!.replace(QUOTE, ''));
      blocks.push({ type: 'quote', children: parseBlocks(body, depth + 1) });
    } else if (BULLET.test(line) || NUMBERED.test(line)) {
      const marker = BULLET.test(line) ? BULLET : NUMBERED;
      const items: MarkdownInline[][] = [];
      while (i < lines.length && marker.test(lines[i]!)) items.push(parseInline(lines[i++]!.replace(marker, '')));
      blocks.push({ type: 'list', ordered: marker === NUMBERED, items });
    } else {
      const body: string[] = [];
      // The first line is taken whatever it starts with: a quote nested past the limit is text.
      do body.push(lines[i++]!);
      while (i < lines.length && lines[i]!.trim() !== '' && !startsBlock(lines[i]!));
      blocks.push({ type: 'paragraph', children: parseInline(body.join('\n')) });
    }
  }
  return blocks;
}

const startsBlock = (line: string) => FENCE.test(line) || QUOTE.test(line) || BULLET.test(line) || NUMBERED.test(line);

/** Emphasis markers, longest first, so that `**` is bold and not two italics. */
const EMPHASIS = [
  { marker: '**', type: 'strong' },
  { marker: '__', type: 'strong' },
  { marker: '*', type: 'em' },
  { marker: '_', type: 'em' },
] as const;

export function parseInline(text: string): MarkdownInline[] {
  const out: MarkdownInline[] = [];
  let plain = '';
  const flush = () => {
    if (plain) out.push({ type: 'text', text: plain });
    plain = '';
  };
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    const ch = text[i]!;
    if (ch === '\\' && i + 1 < text.length && /[\\`*_[\]()>#+\-.!]/.test(text[i + 1]!)) {
      plain += text[i + 1];
      i += 2;
      continue;
    }
    if (ch === '\n') {
      flush();
      out.push({ type: 'break' });
      i++;
      continue;
    }
    if (ch === '`') {
      const ticks = /^`+/.exec(rest)![0];
      const end = text.indexOf(ticks, i + ticks.length);
      if (end > i) {
        flush();
        out.push({ type: 'code', text: text.slice(i + ticks.length, end).trim() || text.slice(i + ticks.length, end) });
        i = end + ticks.length;
        continue;
      }
    }
    if (ch === '[') {
      const link = /^\[([^\]\n]+)\]\(((?:[^()\s]|\([^()\s]*\))+)\)/.exec(rest);
      if (link) {
        const href = safeHref(link[2]!);
        flush();
        // A link never holds another (a bare address in its text stays text).
        const label = parseInline(link[1]!).flatMap((node) => (node.type === 'link' ? node.children : [node]));
        if (href) out.push({ type: 'link', href, children: label });
        else out.push(...label);
        i += link[0].length;
        continue;
      }
    }
    // A bare web address is a link, as mail clients show one; trailing punctuation belongs to the sentence.
    const bare = (i === 0 || /[\s(]/.test(text[i - 1]!)) && /^https?:\/\/[^\s<>()[\]`*]+/i.exec(rest);
    if (bare) {
      const address = bare[0].replace(/[.,;:!?'"]+$/, '');
      const href = safeHref(address);
      if (href) {
        flush();
        out.push({ type: 'link', href, children: [{ type: 'text', text: address }] });
        i += address.length;
        continue;
      }
    }
    // An underscore inside a word (snake_case, file_name_v2) is part of the word, as in CommonMark.
    const emphasis = EMPHASIS.find(({ marker }) => rest.startsWith(marker) && !(marker[0] === '_' && /\w/.test(text[i - 1] ?? '')));
    if (emphasis) {
      const { marker, type } = emphasis;
      const close = closingMarker(text, i + marker.length, marker);
      if (close > i + marker.length) {
        flush();
        out.push({ type, children: parseInline(text.slice(i + marker.length, close)) });
        i = close + marker.length;
        continue;
      }
      plain += marker;
      i += marker.length;
      continue;
    }
    plain += ch;
    i++;
  }
  flush();
  return out;
}

/** Where an emphasis opened at `from` closes: the marker, not right after whitespace, outside code spans, and for `*` not part of `**`. */
function closingMarker(text: string, from: number, marker: string): number {
  if (/\s/.test(text[from] ?? ' ')) return -1;
  let i = from;
  while (i < text.length) {
    if (text[i] === '`') {
      const ticks = /^`+/.exec(text.slice(i))![0];
      const end = text.indexOf(ticks, i + ticks.length);
      if (end > 0) {
        i = end + ticks.length;
        continue;
      }
    }
    if (text[i] === '\\') {
      i += 2;
      continue;
    }
    if (text[i] === marker[0]) {
      const run = /^([*_])\1*/.exec(text.slice(i))![0].length;
      const inWord = marker[0] === '_' && /\w/.test(text[i + run] ?? '');
      if (/\s/.test(text[i - 1]!) || run < marker.length || inWord) {
        i += run;
        continue;
      }
      // A `**` inside italics is bold of its own: step over its pair.
      if (marker.length === 1 && run === 2) {
        const inner = closingMarker(text, i + 2, marker + marker);
        i = inner > 0 ? inner + 2 : i + 2;
        continue;
      }
      // In a run like `***`, the marker that closes this emphasis is the last of it; the others close inner ones.
      return i + run - marker.length;
    }
    i++;
  }
  return -1;
}
