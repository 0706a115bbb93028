/** What the composer's toolbar inserts: each wraps the selection, or prefixes its lines, in Markdown. */
export type MarkdownFormat = 'bold' | 'italic' | 'code' | 'codeBlock' | 'bulleted' | 'numbered' | 'quote' | 'link';

export type TextEdit = { value: string; start: number; end: number };

const wrappers = { bold: ['**', 'bold text'], italic: ['*', 'italic text'], code: ['`', 'code'] } as const;

/** The text after applying `format` to the selection [start, end), and the new selection (the text to type next). */
export function applyMarkdownFormat(value: string, start: number, end: number, format: MarkdownFormat): TextEdit {
  const selected = value.slice(start, end);
  const before = value.slice(0, start);
  const after = value.slice(end);
  const edit = (inserted: string, selectFrom: number, selectTo: number): TextEdit => ({
    value: before + inserted + after,
    start: start + selectFrom,
    end: start + selectTo,
  });

  switch (format) {
    case 'bold':
    case 'italic':
    case 'code': {
      const [marker, placeholder] = wrappers[format];
      const inner = selected || placeholder;
      return edit(`${marker}${inner}${marker}`, marker.length, marker.length + inner.length);
    }
    case 'link': {
      const label = selected || 'link text';
      const url = 'https://';
      // With text selected the address is what is left to type; without, the label is.
      const open = `[${label}](`;
      return selected ? edit(`${open}${url})`, open.length, open.length + url.length) : edit(`${open}${url})`, 1, 1 + label.length);
    }
    case 'codeBlock': {
      const lead = before === '' || before.endsWith('\n') ? '' : '\n';
      const inner = selected || 'code';
      return edit(`${lead}\`\`\`\n${inner}\n\`\`\`\n`, lead.length + 4, lead.length + 4 + inner.length);
    }
    case 'bulleted':
    case 'numbered':
    case 'quote': {
      const lead = before === '' || before.endsWith('\n') ? '' : '\n';
      const lines = (selected || (format === 'quote' ? 'quote' : 'item')).split('\n');
      const prefixed = lines.map((line, i) => `${format === 'bulleted' ? '- ' : format === 'numbered' ? `${i + 1}. ` : '> '}${line}`).join('\n');
      // Without a selection only the placeholder is selected, so typing replaces it and keeps the marker.
      const from = selected ? lead.length : lead.length + prefixed.length - lines[0]!.length;
      return edit(`${lead}${prefixed}`, from, lead.length + prefixed.length);
    }
  }
}
