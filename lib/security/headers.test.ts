import { describe, expect, it } from 'vitest';
import { pageContentSecurityPolicy, securityHeaders } from './headers';

describe('security headers', () => {
  it('asks browsers for https only when Loopdesk is reached over https', () => {
    expect(securityHeaders(true)['Strict-Transport-Security']).toBe('max-age=31536000; includeSubDomains');
    expect(securityHeaders(false)).not.toHaveProperty('Strict-Transport-Security');
  });

  it("allows scripts only with the page's nonce, and eval only in development", () => {
    const production = pageContentSecurityPolicy('abc123', false);
    const scriptSrc = production.split('; ').find((d) => d.startsWith('script-src'));
    expect(scriptSrc).toBe("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(production).not.toContain("'unsafe-eval'");
    expect(pageContentSecurityPolicy('abc123', true)).toContain("'nonce-abc123' 'strict-dynamic' 'unsafe-eval'");
  });

  it('frames only this site and blob: URLs (the PDF preview), and embeds no plugins', () => {
    const directives = pageContentSecurityPolicy('abc123', false).split('; ');
    expect(directives).toContain("frame-src 'self' blob:");
    expect(directives).toContain("object-src 'none'");
  });
});
