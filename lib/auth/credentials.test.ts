import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { hashPassword } from '@/lib/agents/password';
import { createAgent } from '@/lib/test/factories';
import { checkAgentCredentials, signInSchema } from './credentials';

const PASSWORD = 'correct horse battery staple';
let passwordHash: string;
let mailbox = 0;

beforeAll(async () => {
  passwordHash = await hashPassword(PASSWORD);
});

// Attempts are counted per email address, so each test signs in with addresses of its own.
const freshEmail = (name = 'agent') => `${name}-${++mailbox}-${Date.now().toString(36)}@example.com`;
const signIn = (email: string, password: string) => checkAgentCredentials(getDb(), signInSchema.parse({ email, password }));

describe('checkAgentCredentials', () => {
  it('signs in an agent with the right password, the email matched case-insensitively and trimmed', async () => {
    const email = `Sarah.Johnson-${++mailbox}@Example.com`;
    const agent = await createAgent({ email, firstName: 'Sarah', lastName: 'Johnson', role: 'admin', passwordHash });
    expect(await signIn(`  ${email.toUpperCase()}  `, PASSWORD)).toEqual({
      ok: true,
      agent: { id: agent.id, email, name: 'Sarah Johnson', role: 'admin' },
    });
  });

  it('names an agent without a last name by the first name alone', async () => {
    const agent = await createAgent({ email: freshEmail(), firstName: 'Cher', lastName: '', passwordHash });
    expect(await signIn(agent.email, PASSWORD)).toEqual({
      ok: true,
      agent: { id: agent.id, email: agent.email, name: 'Cher', role: 'agent' },
    });
  });

  it('refuses a wrong password as invalid', async () => {
    const agent = await createAgent({ email: freshEmail(), passwordHash });
    expect(await signIn(agent.email, 'Correct Horse Battery Staple')).toEqual({ ok: false, reason: 'invalid' });
  });

  it('refuses an unknown email as invalid, the same answer as a wrong password', async () => {
    expect(await signIn(freshEmail('nobody'), PASSWORD)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('refuses an agent who has no password yet as invalid, whatever is typed', async () => {
    const agent = await createAgent({ email: freshEmail(), passwordHash: null });
    expect(await signIn(agent.email, PASSWORD)).toEqual({ ok: false, reason: 'invalid' });
    expect(await signIn(agent.email, 'not a password of anyone')).toEqual({ ok: false, reason: 'invalid' });
  });

  it('refuses a deactivated agent with the right password as inactive', async () => {
    const agent = await createAgent({ email: freshEmail(), status: 'inactive', passwordHash });
    expect(await signIn(agent.email, PASSWORD)).toEqual({ ok: false, reason: 'inactive' });
  });

  it('says invalid, not inactive, to a wrong password for a deactivated agent, so the status is not disclosed', async () => {
    const agent = await createAgent({ email: freshEmail(), status: 'inactive', passwordHash });
    expect(await signIn(agent.email, 'wrong')).toEqual({ ok: false, reason: 'invalid' });
  });

  it('throttles the 11th attempt for one email within 15 minutes, even with the right password', async () => {
    const agent = await createAgent({ email: freshEmail(), passwordHash });
    for (let i = 0; i < 9; i++) expect(await signIn(agent.email, `guess ${i}`)).toEqual({ ok: false, reason: 'invalid' });
    // Right answers count too: the 10th attempt still gets through.
    expect((await signIn(agent.email, PASSWORD)).ok).toBe(true);
    const throttled = await signIn(agent.email, PASSWORD);
    expect(throttled).toEqual({ ok: false, reason: 'throttled', retryAfter: expect.any(Number) });
    const retryAfter = 'retryAfter' in throttled ? throttled.retryAfter : undefined;
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(900);
  });

  it('counts attempts per email however it is written, and leaves other emails unaffected', async () => {
    const agent = await createAgent({ email: freshEmail(), passwordHash });
    const colleague = await createAgent({ email: freshEmail(), passwordHash });
    for (let i = 0; i < 10; i++) await signIn(i % 2 ? agent.email.toUpperCase() : ` ${agent.email}`, 'wrong');
    expect(await signIn(agent.email, PASSWORD)).toMatchObject({ ok: false, reason: 'throttled' });
    expect(await signIn(colleague.email, PASSWORD)).toMatchObject({ ok: true, agent: { id: colleague.id } });
  });

  it('throttles guesses at an unknown email like those at a known one', async () => {
    const email = freshEmail('nobody');
    for (let i = 0; i < 10; i++) expect(await signIn(email, 'guess')).toEqual({ ok: false, reason: 'invalid' });
    expect(await signIn(email, 'guess')).toMatchObject({ ok: false, reason: 'throttled' });
  });
});

describe('signInSchema', () => {
  const base = { email: 'sarah@example.com', password: PASSWORD };

  it.each([
    ['on', true],
    ['true', true],
    ['false', false],
    ['', false],
  ])('reads remember=%j as %s', (remember, expected) => {
    expect(signInSchema.parse({ ...base, remember }).remember).toBe(expected);
  });

  it('reads an absent remember as false', () => {
    expect(signInSchema.parse(base)).toEqual({ ...base, remember: false });
  });

  it('lower-cases and trims the email', () => {
    expect(signInSchema.parse({ ...base, email: '  Sarah@EXAMPLE.com ' }).email).toBe('sarah@example.com');
  });

  it.each(['sarah', 'sarah@', '@example.com', '', 'sarah@example.com, mallory@example.com'])('refuses the email %j', (email) => {
    const result = signInSchema.safeParse({ ...base, email });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path)).toEqual([['email']]);
  });

  it('refuses an empty password and a password past 1024 characters', () => {
    expect(signInSchema.safeParse({ ...base, password: '' }).success).toBe(false);
    expect(signInSchema.safeParse({ ...base, password: 'x'.repeat(1025) }).success).toBe(false);
    expect(signInSchema.safeParse({ ...base, password: 'x'.repeat(1024) }).success).toBe(true);
  });

  it('refuses a remember value other than a checkbox or boolean string', () => {
    expect(signInSchema.safeParse({ ...base, remember: 'yes' }).success).toBe(false);
  });
});
