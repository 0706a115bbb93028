import { describe, expect, it } from 'vitest';
import { transportOptions } from './transport';

describe('the SMTP transport options', () => {
  it('take the URL apart, keeping the pool, the EHLO name and the timeouts beside it', () => {
    expect(transportOptions('smtps://support%40acme.example:p%3Ass@mail.acme.example')).toMatchObject({
      host: 'mail.acme.example',
      port: 465,
      secure: true,
      auth: { user: 'support@acme.example', pass: 'p:ss' },
      pool: true,
      name: 'localhost',
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 60_000,
    });
    expect(transportOptions('smtp://127.0.0.1')).toMatchObject({ host: '127.0.0.1', port: 587, secure: false, auth: undefined, pool: true });
  });

  it("read the query as nodemailer's own options, nested ones included", () => {
    expect(transportOptions('smtp://[::1]:2525?ignoreTLS=true&tls.rejectUnauthorized=false&maxConnections=2&name=desk.acme.example')).toMatchObject({
      host: '::1',
      port: 2525,
      ignoreTLS: true,
      tls: { rejectUnauthorized: false },
      maxConnections: 2,
      name: 'desk.acme.example',
    });
  });
});
