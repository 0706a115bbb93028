import { describe, expect, it } from 'vitest';
import { parseMarkdown } from './parse';

/** Texts a customer can send (merged into a note) or an agent paste, that must not stall the page that shows them. */
describe('parseMarkdown on hostile input', () => {
  it('nests quotes at most eight deep and reads deeper markers as text, without exhausting the stack', () => {
    const blocks = parseMarkdown(`${'>'.repeat(15_000)} deep`);
    let depth = 0;
    let block = blocks[0];
    while (block?.type === 'quote') {
      depth++;
      block = block.children[0];
    }
    expect(depth).toBe(8);
    expect(block?.type).toBe('paragraph');
  });

  it('shows a text with thousands of unmatched openers, or a very long one, as plain text with its lines', () => {
    for (const text of ['['.repeat(100_000), '*a '.repeat(33_000), `${'word '.repeat(5_000)}\nnext line`]) {
      const started = performance.now();
      const blocks = parseMarkdown(text);
      expect(performance.now() - started).toBeLessThan(1_000);
      expect(blocks).toHaveLength(1);
      expect(blocks[0]!.type).toBe('paragraph');
    }
    expect(parseMarkdown(`${'x'.repeat(20_001)}\nline two`)).toEqual([
      { type: 'paragraph', children: [{ type: 'text', text: 'x'.repeat(20_001) }, { type: 'break' }, { type: 'text', text: 'line two' }] },
    ]);
  });

  it('still reads formatting in an ordinary reply', () => {
    expect(parseMarkdown('**Done** and [docs](https://example.com)')).toEqual([
      {
        type: 'paragraph',
        children: [
          { type: 'strong', children: [{ type: 'text', text: 'Done' }] },
          { type: 'text', text: ' and ' },
          { type: 'link', href: 'https://example.com/', children: [{ type: 'text', text: 'docs' }] },
        ],
      },
    ]);
  });
});
