import { describe, expect, it } from 'vitest';
import { splitQuoted } from './quote';

describe('splitQuoted', () => {
  it('finds a Gmail-style attribution and the quoted lines below it', () => {
    expect(splitQuoted('Thanks, it works now.\n\nOn Tue, 3 Mar 2026 at 17:02, Acme Support <support@acme.example> wrote:\n> Try again.\n')).toEqual({
      reply: 'Thanks, it works now.',
      quoted: 'On Tue, 3 Mar 2026 at 17:02, Acme Support <support@acme.example> wrote:\n> Try again.',
    });
  });

  it('finds an attribution wrapped over two lines', () => {
    expect(splitQuoted('Yes.\n\nOn Tue, 3 Mar 2026 at 17:02, Acme Support <support@acme.example>\nwrote:\n> Did it work?')).toEqual({
      reply: 'Yes.',
      quoted: 'On Tue, 3 Mar 2026 at 17:02, Acme Support <support@acme.example>\nwrote:\n> Did it work?',
    });
  });

  it("finds Outlook's Original Message separator and its From/Sent block", () => {
    expect(splitQuoted('See attached.\r\n\r\n-----Original Message-----\r\nFrom: Acme\r\nSent: Monday\r\n\r\nOld text').reply).toBe('See attached.');
    expect(splitQuoted('See attached.\n\nFrom: Acme Support <support@acme.example>\nSent: Monday, March 9, 2026 9:00 AM\nTo: Bill\n\nOld')).toEqual({
      reply: 'See attached.',
      quoted: 'From: Acme Support <support@acme.example>\nSent: Monday, March 9, 2026 9:00 AM\nTo: Bill\n\nOld',
    });
  });

  it('finds trailing > quotes, but keeps answers written between quotes', () => {
    expect(splitQuoted('Fine.\n\n> old line\n> older line')).toEqual({ reply: 'Fine.', quoted: '> old line\n> older line' });
    const inline = '> Which browser?\nFirefox 123.\n> Which OS?\nLinux.';
    expect(splitQuoted(inline)).toEqual({ reply: inline, quoted: null });
  });

  it('leaves a message without quoted history whole', () => {
    expect(splitQuoted('Hello,\n\nI cannot log in.\n')).toEqual({ reply: 'Hello,\n\nI cannot log in.', quoted: null });
    expect(splitQuoted('From: my phone I cannot log in.')).toEqual({ reply: 'From: my phone I cannot log in.', quoted: null });
  });

  it('splits 200,000 quoted lines in one pass, not one scan of the rest per line', () => {
    // Every line but the last starts a candidate quote that the final unquoted line disproves.
    const unanswered = `${'>\n'.repeat(200_000)}x`;
    expect(splitQuoted(unanswered)).toEqual({ reply: unanswered, quoted: null });
    const history = `Answer.\n\n${'> old\n'.repeat(200_000)}`;
    const split = splitQuoted(history);
    expect(split.reply).toBe('Answer.');
    expect(split.quoted).toBe(Array(200_000).fill('> old').join('\n'));
  });

  it('shows a message that is nothing but a quote in full', () => {
    expect(splitQuoted('> only a quote')).toEqual({ reply: '> only a quote', quoted: null });
  });
});
