import '@/lib/test/security/env';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rotateMailboxToken, updateMailbox } from '@/lib/email/mailboxes';
import { startDovecot, type Dovecot } from '@/lib/test/dovecot';
import { fixtureContext } from '@/lib/test/factories';
import { accessTable, isAllowed, type RequestParts } from '@/lib/test/security/access-table';
import { createCrew, credentialKinds, promised, type Credential, type Crew } from '@/lib/test/security/credentials';
import { ANSWER_MS } from '@/lib/test/security/fuzz-config';
import { operations, undeclaredMethods, type Operation } from '@/lib/test/security/operations';
import { describeAnswer, envelopeProblem, request, within } from '@/lib/test/security/probe';
import { SecretLedger, secretsInDump } from '@/lib/test/security/secrets';
import { changedTables, snapshotTables } from '@/lib/test/security/snapshot';
import { buildTargets, fillPath, renewTargets, type ImapAccount, type Targets } from '@/lib/test/security/world';
import { startReceiver, type Receiver } from '@/lib/test/webhook-receiver';

/**
 * The access battery: every operation of the OpenAPI document, as every kind of caller. What the
 * access table refuses must be a 401, 403 or 404 in the error envelope and leave every table as
 * it was; what it allows must succeed (anything else would mean the table, a fixture or the route
 * is wrong). Allowed changes run on fixtures made for them, so the shared ones stay whole.
 * The fixture mailbox signs in to a Dovecot started for the battery, so that its connection
 * test really passes when permitted.
 */
const REFUSED = [401, 403, 404];

const ledger = new SecretLedger();
let receiver: Receiver;
let dovecot: Dovecot | undefined;
let imap: ImapAccount;
let crew: Crew;
let shared: Targets;

const makers = () => ({ ledger, actingAgentIds: crew.actingAgentIds, receiver, imap });

beforeAll(async () => {
  receiver = await startReceiver();
  dovecot = await startDovecot();
  imap = { host: dovecot.host, port: dovecot.port, user: dovecot.user, password: dovecot.password };
  crew = await createCrew(ledger);
  shared = await buildTargets(makers());
});

afterAll(async () => {
  await receiver.close();
  await dovecot?.stop();
});

let idempotencyKeys = 0;

async function callAs(op: Operation, credential: Credential, targets: Targets, parts: RequestParts) {
  const path = fillPath(op.path, targets, credential.agentId, op.method) + (parts.query ? `?${parts.query}` : '');
  // Every POST carries an Idempotency-Key: a refusal must not keep one, and a kept answer must hold no secret.
  const idempotency: Record<string, string> = op.method === 'POST' ? { 'idempotency-key': `battery-${++idempotencyKeys}` } : {};
  const raw: Record<string, string> = parts.raw ? { 'content-type': parts.raw.contentType } : {};
  const answer = await within(
    ANSWER_MS,
    `${op.name} with ${credential.kind}`,
    request(op.method, path, {
      headers: { ...credential.headers, ...idempotency, ...raw },
      json: parts.body,
      text: parts.raw?.text,
      form: parts.form?.(),
    }),
  );
  ledger.collect(parts.body, answer.body);
  return answer;
}

function partsFor(op: Operation, credential: Credential, targets: Targets): RequestParts {
  const password = credential.agentId === null ? undefined : crew.passwords.get(credential.agentId);
  return accessTable[op.name]?.request?.({ targets, password, receiverUrl: receiver.url('/battery') }) ?? {};
}

describe('the access table', () => {
  it('names every operation of the OpenAPI document, and no other', () => {
    expect(Object.keys(accessTable).sort()).toEqual(operations.map((op) => op.name).sort());
  });
});

for (const op of operations) {
  const rule = accessTable[op.name];
  describe(op.name, () => {
    for (const kind of credentialKinds) {
      const allowed = rule !== undefined && isAllowed(rule.needs, promised[kind]);
      const title = allowed ? `serves ${kind} with a 2xx` : `refuses ${kind} with 401, 403 or 404 and changes nothing`;
      it(title, async () => {
        expect(rule, `${op.name} is missing from lib/test/security/access-table.ts`).toBeDefined();
        const credential = crew.credentials.get(kind)!;
        if (allowed) {
          // A change gets fixtures of its own; reads use the shared ones.
          const targets = op.method === 'GET' ? shared : await renewTargets(shared, op.path, makers());
          const parts = partsFor(op, credential, targets);
          const answer = await callAs(op, credential, targets, parts);
          // The access table gives each operation a request that succeeds when permitted: anything but a 2xx
          // means a wrong table entry, a broken fixture or an over-strict route, any of which would hide a hole.
          expect(answer.status, describeAnswer(answer)).toBeGreaterThanOrEqual(200);
          expect(answer.status, describeAnswer(answer)).toBeLessThan(300);
          if (op.name === 'PUT /api/v1/me/password' && answer.status === 204 && credential.agentId !== null) {
            crew.passwords.set(credential.agentId, (parts.body as { password: string }).password);
          }
          return;
        }
        const parts = partsFor(op, credential, shared);
        const before = await snapshotTables();
        const answer = await callAs(op, credential, shared, parts);
        const changed = changedTables(before, await snapshotTables());
        // A refusal that changed something may have used up a shared fixture: make new ones for the next test.
        if (changed.length > 0) shared = await buildTargets(makers());
        expect.soft(REFUSED, describeAnswer(answer)).toContain(answer.status);
        expect.soft(envelopeProblem(answer)).toBeNull();
        expect(changed, `tables changed by a refused ${op.name}`).toEqual([]);
      });
    }
  });
}

/**
 * The relay endpoint's own caller: a relay holding its mailbox's token, in X-Loopdesk-Mailbox-Token
 * or as a bearer token. Every caller of the crew was refused above with the same message; here the
 * message makes a ticket with the token, and nothing without a token that is still good.
 */
describe('POST /api/v1/inbound/email as a mail relay', () => {
  const INBOUND = 'POST /api/v1/inbound/email';
  const relay = (token: Record<string, string>) => {
    const { raw } = accessTable[INBOUND]!.request!({ targets: shared, password: undefined, receiverUrl: receiver.url('/battery') });
    return within(ANSWER_MS, INBOUND, request('POST', '/api/v1/inbound/email', { headers: { 'content-type': raw!.contentType, ...token }, text: raw!.text }));
  };

  it("serves its mailbox's relay token, in either header, with a 201 and a new ticket", async () => {
    const forms: Record<string, string>[] = [{ 'x-loopdesk-mailbox-token': shared.mailboxToken }, { authorization: `Bearer ${shared.mailboxToken}` }];
    for (const token of forms) {
      const answer = await relay(token);
      expect(answer.status, describeAnswer(answer)).toBe(201);
      expect(answer.body).toMatchObject({ success: true, data: { outcome: 'ticket', duplicate: false } });
    }
  });

  it("refuses a made-up token, a rotated one and a switched-off mailbox's with 401 and changes nothing", async () => {
    const rotated = await renewTargets(shared, '/api/v1/mailboxes/{id}', makers());
    ledger.add('mailbox relay token', (await rotateMailboxToken(fixtureContext(), rotated.mailbox)).inbound_token);
    const off = await renewTargets(shared, '/api/v1/mailboxes/{id}', makers());
    await updateMailbox(fixtureContext(), off.mailbox, { active: false });
    const tokens = {
      'a made-up token': `ldmb_${randomBytes(24).toString('base64url')}`,
      'a rotated token': rotated.mailboxToken,
      "a switched-off mailbox's token": off.mailboxToken,
    };
    for (const [what, token] of Object.entries(tokens)) {
      const before = await snapshotTables();
      const answer = await relay({ 'x-loopdesk-mailbox-token': token });
      expect.soft(answer.status, `${what}: ${describeAnswer(answer)}`).toBe(401);
      expect.soft(envelopeProblem(answer), what).toBeNull();
      expect(changedTables(before, await snapshotTables()), `tables changed by ${what}`).toEqual([]);
    }
  });
});

describe('methods a path does not serve', () => {
  for (const { path, methods } of undeclaredMethods.filter((u) => u.methods.length > 0)) {
    it(`${path}: ${methods.join(', ')} answer 401, 403, 404 or 405 to every caller and change nothing`, async () => {
      const before = await snapshotTables();
      const wrong: string[] = [];
      for (const method of methods) {
        for (const credential of crew.credentials.values()) {
          const target = fillPath(path, shared, credential.agentId);
          const json = method === 'GET' || method === 'DELETE' ? undefined : { subject: 'Not a method of this path', name: 'x' };
          const answer = await within(ANSWER_MS, `${method} ${path}`, request(method, target, { headers: credential.headers, json }));
          const problem = [401, 403, 404, 405].includes(answer.status) ? envelopeProblem(answer) : describeAnswer(answer);
          if (problem) wrong.push(`${method} with ${credential.kind}: ${problem}`);
        }
      }
      expect(wrong).toEqual([]);
      expect(changedTables(before, await snapshotTables())).toEqual([]);
    });
  }
});

describe('a dump of the database after the battery', () => {
  it('holds no plain API key, password, session id or cookie, webhook secret, relay token or IMAP password', async () => {
    // Keys, passwords and sessions of the crew, secrets of the fixtures, and those the allowed requests made.
    expect(ledger.size).toBeGreaterThan(30);
    expect(await secretsInDump(ledger)).toEqual([]);
  });
});
