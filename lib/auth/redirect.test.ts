import { describe, expect, it } from 'vitest';
import { sameSitePath } from './redirect';

describe('sameSitePath', () => {
  it.each([
    ['/tickets/42?tab=activity#reply', '/tickets/42?tab=activity#reply'],
    ['/customers', '/customers'],
    ['/tickets/../admin', '/admin'],
  ])('keeps the path on this site %j', (value, expected) => {
    expect(sameSitePath(value)).toBe(expected);
  });

  it.each([
    '/\\127.0.0.1:39999/x',
    '/\t/127.0.0.1:39999/x',
    '/\n/evil.example',
    '//evil.example',
    '\\\\evil.example',
    'https://evil.example/tickets',
    'javascript:alert(1)',
    'http://loopdesk.invalid@evil.example/',
    '/login?callbackUrl=//evil.example',
    '',
    undefined,
  ])('sends %j to the inbox instead', (value) => {
    expect(sameSitePath(value)).toBe('/tickets');
  });
});
