import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { referenceVerifies } from '@/lib/test/reference-verifier';
import { generateSecret, referenceSignature, signingSecrets, standardSignature } from './signature';

const body = JSON.stringify({
  event: 'ticket.created',
  timestamp: '2025-08-23T12:30:00Z',
  data: { ticket: { id: 78902, subject: 'Café au lait — ünïcödé ✓ 🎫' } },
});
const generated = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

describe('referenceSignature', () => {
  it('is sha256= and the hex HMAC-SHA256 of the raw body keyed with the UTF-8 secret', () => {
    const expected = createHmac('sha256', Buffer.from(generated, 'utf8')).update(Buffer.from(body, 'utf8')).digest('hex');
    expect(referenceSignature(body, generated)).toBe(`sha256=${expected}`);
  });

  it.each([
    ['a generated whsec_ secret', generated],
    ['a secret an admin chose, with non-ASCII characters', 'our shared sécret ✓ that is long enough'],
  ])("is accepted by the reference's own Python verify_webhook_signature, with %s", (_what, secret) => {
    expect(referenceVerifies(body, referenceSignature(body, secret), secret)).toBe(true);
  });

  it("is refused by the reference's Python function for a tampered body or another secret", () => {
    const signature = referenceSignature(body, generated);
    expect(referenceVerifies(body.replace('78902', '78903'), signature, generated)).toBe(false);
    expect(referenceVerifies(body, signature, generateSecret())).toBe(false);
  });
});

describe('standardSignature', () => {
  const id = 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W';
  const timestamp = 1674087231;

  it('is v1, and the base64 HMAC-SHA256 of "{id}.{timestamp}.{body}" keyed with the decoded whsec_ secret', () => {
    const key = Buffer.from(generated.slice('whsec_'.length), 'base64');
    const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`, 'utf8').digest('base64');
    expect(standardSignature(id, timestamp, body, generated)).toBe(`v1,${expected}`);
  });

  it("reproduces the Standard Webhooks spec's own example", () => {
    // The test vector of the spec's reference libraries: what a receiver's library will accept.
    const payload = '{"test": 2432232314}';
    const signature = standardSignature('msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, payload, 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
    expect(signature).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('keys other secrets with their UTF-8 bytes', () => {
    const secret = 'our shared sécret ✓ that is long enough';
    const expected = createHmac('sha256', Buffer.from(secret, 'utf8')).update(`${id}.${timestamp}.${body}`).digest('base64');
    expect(standardSignature(id, timestamp, body, secret)).toBe(`v1,${expected}`);
  });

  it('changes with the id, the timestamp and the body, so none can be replayed with another', () => {
    const signature = standardSignature(id, timestamp, body, generated);
    expect(standardSignature('msg_other', timestamp, body, generated)).not.toBe(signature);
    expect(standardSignature(id, timestamp + 1, body, generated)).not.toBe(signature);
    expect(standardSignature(id, timestamp, `${body} `, generated)).not.toBe(signature);
  });
});

describe('generateSecret', () => {
  it('is whsec_ and the base64 of 24 random bytes, different every time', () => {
    const a = generateSecret();
    const b = generateSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(Buffer.from(a.slice(6), 'base64')).toHaveLength(24);
    expect(a).not.toBe(b);
  });
});

describe('signingSecrets', () => {
  const now = new Date('2025-08-23T12:00:00Z');
  const webhook = { secret: 'whsec_new', previousSecret: 'whsec_old', previousSecretExpiresAt: new Date('2025-08-24T11:00:00Z') };

  it('signs with the current secret and, until it expires, the one it replaced', () => {
    expect(signingSecrets(webhook, now)).toEqual(['whsec_new', 'whsec_old']);
    expect(signingSecrets(webhook, new Date('2025-08-24T11:00:00Z'))).toEqual(['whsec_new']);
    expect(signingSecrets({ ...webhook, previousSecret: null, previousSecretExpiresAt: null }, now)).toEqual(['whsec_new']);
  });
});
