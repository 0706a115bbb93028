import { describe, expect, it } from 'vitest';
import { applyMarkdownFormat } from './format';
import { markdownToHtml } from './html';

/** Applies a format to the text between the two `|` marks, and shows the new selection the same way. */
function format(marked: string, kind: Parameters<typeof applyMarkdownFormat>[3]): string {
  const start = marked.indexOf('|');
  const end = marked.indexOf('|', start + 1) - 1;
  const edit = applyMarkdownFormat(marked.replaceAll('|', ''), start, end, kind);
  return `${edit.value.slice(0, edit.start)}|${edit.value.slice(edit.start, edit.end)}|${edit.value.slice(edit.end)}`;
}

describe('applyMarkdownFormat', () => {
  it('wraps the selection in bold, italic and code markers, keeping it selected', () => {
    expect(format('Please |restart| it', 'bold')).toBe('Please **|restart|** it');
    expect(format('Please |restart| it', 'italic')).toBe('Please *|restart|* it');
    expect(format('Run |npm ci| now', 'code')).toBe('Run `|npm ci|` now');
  });

  it('inserts a selected placeholder when nothing is selected', () => {
    expect(format('Hi ||', 'bold')).toBe('Hi **|bold text|**');
  });

  it('makes a link of the selection and selects the address to type', () => {
    expect(format('See |the guide|', 'link')).toBe('See [the guide](|https://|)');
    expect(format('See ||', 'link')).toBe('See [|link text|](https://)');
  });

  it('prefixes each selected line for lists and quotes, on a line of their own', () => {
    expect(format('Steps:|one\ntwo|', 'bulleted')).toBe('Steps:\n|- one\n- two|');
    expect(format('|one\ntwo|', 'numbered')).toBe('|1. one\n2. two|');
    expect(format('|said so|', 'quote')).toBe('|> said so|');
    expect(format('Steps:\n||', 'bulleted')).toBe('Steps:\n- |item|');
    expect(format('Steps:||', 'numbered')).toBe('Steps:\n1. |item|');
  });

  it('fences a code block', () => {
    expect(format('Log:|a < b|', 'codeBlock')).toBe('Log:\n```\n|a < b|\n```\n');
  });

  it('produces Markdown that renders as the format', () => {
    const text = applyMarkdownFormat('one\ntwo', 0, 7, 'bulleted').value;
    expect(markdownToHtml(text)).toBe('<ul><li>one</li><li>two</li></ul>');
  });
});
