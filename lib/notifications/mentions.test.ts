import { describe, expect, it } from 'vitest';
import { mentionedAgentIds, mentionParts } from './mentions';

const agents = [
  { id: 1, name: 'Ann Lee' },
  { id: 2, name: 'Ann Leeson' },
  { id: 3, name: 'Lee Park' },
];

describe('mentions in a note', () => {
  it('take the longest name that matches, case-insensitively, ending at a word boundary', () => {
    expect(mentionedAgentIds('@ann leeson and @ANN LEE, then @Ann Leeway', agents)).toEqual([2, 1]);
  });

  it('are not found inside a word or an email address', () => {
    expect(mentionedAgentIds('write to lee@Lee Park or x@Ann Lee', agents)).toEqual([]);
  });

  it('cut the text without changing it', () => {
    const text = 'Over to you, @Lee Park: see @nobody.';
    const parts = mentionParts(text, agents);
    expect(parts).toEqual([
      { text: 'Over to you, ', agentId: null },
      { text: '@Lee Park', agentId: 3 },
      { text: ': see @nobody.', agentId: null },
    ]);
    expect(parts.map((p) => p.text).join('')).toBe(text);
  });

  it('are found after a letter whose lowercase is longer (İ), at the right place', () => {
    const text = 'İstanbul order, @Ann Lee please check';
    expect(mentionedAgentIds(text, agents)).toEqual([1]);
    expect(mentionParts(text, agents)[1]).toEqual({ text: '@Ann Lee', agentId: 1 });
  });
});
