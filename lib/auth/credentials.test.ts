import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { events } from '@/db/schema';
import { availableParallelism } from 'node:os';
import { concurrencyLimit, passwordWork, PasswordWorkBusy } from '@/lib/agents/password';
import { createAgent } from '@/lib/test/factories';
import { checkAgentCredentials, recordSignIn, signInSchema } from './credentials';

const PASSWORD = 'correct horse battery staple';
let mailbox = 0;

// Attempts are counted per email address, so each test signs in with addresses of its own.
const freshEmail = (name = 'agent') => `${name}-${++mailbox}-${Date.now().toString(36)}@example.com`;
// Each attempt from an address of its own, unless a test is about addresses.
let address = 0;
const signIn = (email: string, password: string, from = `192.0.2.${++address % 250}-${address}`) =>
  checkAgentCredentials(getDb(), signInSchema.parse({ email, password }), from);

describe('checkAgentCredentials', () => {
  it('signs in an agent with the right password, the email matched case-insensitively and trimmed', async () => {
    const email = `Sarah.Johnson-${++mailbox}@Example.com`;
    const agent = await createAgent({ email, first_name: 'Sarah', last_name: 'Johnson', role: 'admin', password: PASSWORD });
    expect(await signIn(`  ${email.toUpperCase()}  `, PASSWORD)).toEqual({
      ok: true,
      agent: { id: agent.id, email, name: 'Sarah Johnson', role: 'admin' },
    });
  });

  it('names an agent without a last name by the first name alone', async () => {
    const agent = await createAgent({ email: freshEmail(), first_name: 'Cher', last_name: '', password: PASSWORD });
    expect(await signIn(agent.email, PASSWORD)).toEqual({
      ok: true,
      agent: { id: agent.id, email: agent.email, name: 'Cher', role: 'agent' },
    });
  });

  it('refuses a wrong password as invalid', async () => {
    const agent = await createAgent({ email: freshEmail(), password: PASSWORD });
    expect(await signIn(agent.email, 'Correct Horse Battery Staple')).toEqual({ ok: false, reason: 'invalid' });
  });

  it('refuses an unknown email as invalid, the same answer as a wrong password', async () => {
    expect(await signIn(freshEmail('nobody'), PASSWORD)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('refuses an agent who has no password yet as invalid, whatever is typed', async () => {
    const agent = await createAgent({ email: freshEmail() });
    expect(await signIn(agent.email, PASSWORD)).toEqual({ ok: false, reason: 'invalid' });
    expect(await signIn(agent.email, 'not a password of anyone')).toEqual({ ok: false, reason: 'invalid' });
  });

  it('refuses a deactivated agent with the right password as inactive', async () => {
    const agent = await createAgent({ email: freshEmail(), status: 'inactive', password: PASSWORD });
    expect(await signIn(agent.email, PASSWORD)).toEqual({ ok: false, reason: 'inactive' });
  });

  it('says invalid, not inactive, to a wrong password for a deactivated agent, so the status is not disclosed', async () => {
    const agent = await createAgent({ email: freshEmail(), status: 'inactive', password: PASSWORD });
    expect(await signIn(agent.email, 'wrong')).toEqual({ ok: false, reason: 'invalid' });
  });

  it('throttles the 11th attempt for one email within 15 minutes, even with the right password', async () => {
    const agent = await createAgent({ email: freshEmail(), password: PASSWORD });
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
    const agent = await createAgent({ email: freshEmail(), password: PASSWORD });
    const colleague = await createAgent({ email: freshEmail(), password: PASSWORD });
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

describe('sign-in floods', () => {
  it('throttles the 31st attempt from one address within 15 minutes, whichever emails it tries', async () => {
    const from = '203.0.113.40';
    for (let i = 0; i < 30; i++) expect(await signIn(freshEmail('spray'), 'Winter2026!', from)).toEqual({ ok: false, reason: 'invalid' });
    const agent = await createAgent({ email: freshEmail(), password: PASSWORD });
    expect(await signIn(agent.email, PASSWORD, from)).toMatchObject({ ok: false, reason: 'throttled' });
    // The agent can still sign in from elsewhere.
    expect(await signIn(agent.email, PASSWORD, '203.0.113.41')).toMatchObject({ ok: true });
  });

  it('checks no more passwords at once than the hashing slots allow, however many sign-ins arrive', async () => {
    const agent = await createAgent({ email: freshEmail(), password: PASSWORD });
    let most = 0;
    const watch = setInterval(() => (most = Math.max(most, passwordWork.running)), 1);
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => signIn(i === 0 ? agent.email : freshEmail('flood'), 'wrong', `198.51.100.${i}`)));
    clearInterval(watch);
    expect(results.every((r) => r.ok === false)).toBe(true);
    expect(most).toBeGreaterThan(0);
    expect(most).toBeLessThanOrEqual(Math.max(1, Math.floor(availableParallelism() / 2)));
  });
});

describe('concurrencyLimit', () => {
  it('runs at most its slots at once and refuses work past its queue', async () => {
    const limit = concurrencyLimit(2, 1);
    const gates: (() => void)[] = [];
    const job = () => new Promise<void>((resolve) => gates.push(resolve));
    const first = limit.run(job);
    const second = limit.run(job);
    const third = limit.run(job);
    await expect(limit.run(job)).rejects.toBeInstanceOf(PasswordWorkBusy);
    expect({ running: limit.running, waiting: limit.waiting }).toEqual({ running: 2, waiting: 1 });
    gates.shift()!();
    await first;
    await new Promise((r) => setTimeout(r, 0));
    expect({ running: limit.running, waiting: limit.waiting }).toEqual({ running: 2, waiting: 0 });
    while (gates.length) gates.shift()!();
    await Promise.all([second, third]);
    gates.shift()?.();
    expect(limit.running).toBe(0);
  });
});

describe('recordSignIn', () => {
  const entries = (requestId: string) => getDb().select().from(events).where(eq(events.requestId, requestId));

  it('records a sign-in as the agent, and a failure as Loopdesk against the agent the email names, with the address and never the password', async () => {
    const agent = await createAgent({ email: freshEmail(), password: PASSWORD, role: 'admin' });
    const good = await signIn(agent.email, PASSWORD);
    await recordSignIn(getDb(), agent.email, good, { requestId: 'sign-in-ok', ip: '203.0.113.9' });
    const bad = await signIn(agent.email, 'wrong password');
    await recordSignIn(getDb(), agent.email, bad, { requestId: 'sign-in-bad', ip: '203.0.113.10' });
    const unknown = await signIn(freshEmail('nobody'), 'wrong password');
    await recordSignIn(getDb(), 'nobody@example.com', unknown, { requestId: 'sign-in-unknown', ip: '203.0.113.11' });

    expect(await entries('sign-in-ok')).toMatchObject([
      {
        type: 'agent.signed_in',
        resourceType: 'agent',
        resourceId: agent.id,
        actor: { type: 'agent', id: agent.id },
        ip: '203.0.113.9',
        payload: { email: agent.email },
      },
    ]);
    expect(await entries('sign-in-bad')).toMatchObject([
      {
        type: 'agent.sign_in_failed',
        resourceId: agent.id,
        actor: { type: 'system', id: null },
        ip: '203.0.113.10',
        payload: { email: agent.email, reason: 'invalid' },
      },
    ]);
    expect(await entries('sign-in-unknown')).toMatchObject([
      { type: 'agent.sign_in_failed', resourceId: null, payload: { email: 'nobody@example.com', reason: 'invalid' } },
    ]);
    const text = JSON.stringify([...(await entries('sign-in-ok')), ...(await entries('sign-in-bad'))]);
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain('wrong password');
  });
});
