import { describe, expect, it } from 'vitest';
import { snippetParts } from './snippet-parts';

const matched = (text: string, highlights: { start: number; length: number }[]) =>
  snippetParts({ text, highlights })
    .filter((p) => p.matched)
    .map((p) => p.text);

describe('snippetParts', () => {
  it('cuts the text into plain and matched parts that put it back together', () => {
    const parts = snippetParts({ text: 'a password reset', highlights: [{ start: 2, length: 8 }] });
    expect(parts).toEqual([
      { at: 0, text: 'a ', matched: false },
      { at: 2, text: 'password', matched: true },
      { at: 10, text: ' reset', matched: false },
    ]);
  });

  it('trims ranges that overlap, come out of order or run past the text', () => {
    expect(
      matched('café crème', [
        { start: 5, length: 50 },
        { start: 0, length: 4 },
        { start: 2, length: 4 },
      ]),
    ).toEqual(['café', ' c', 'rème']);
    expect(matched('short', [{ start: 9, length: 2 }])).toEqual([]);
  });
});
