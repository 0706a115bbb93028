import './env';
import { afterAll, beforeAll } from 'vitest';
import { startReceiver, type Receiver } from '@/lib/test/webhook-receiver';
import { accessTable } from './access-table';
import { createCrew, type Credential, type Crew } from './credentials';
import { hostileStrings } from './hostile';
import { schemaArbitraries, type SchemaArbitraries } from './json-schema-arbitrary';
import type { Operation } from './operations';
import { request, type Answer } from './probe';
import { SecretLedger } from './secrets';
import { buildTargets, fillPath, renewTargets, type Targets } from './world';

/**
 * What both fuzz files share: the fixtures (so path ids name real rows), the callers, and the
 * ledger of secrets. Every operation is called as an admin, so that no permission check stands
 * between the fuzzed input and the code that reads it; /me, which only a person may call, as an
 * admin's session, every other one with an admin key.
 */
export function useFuzzWorld() {
  // Hostile strings are sent everywhere; one accepted as a password is no secret of ours.
  const ledger = new SecretLedger(hostileStrings);
  let receiver: Receiver;
  let crew: Crew;
  let shared: Targets;
  const makers = () => ({ ledger, actingAgentIds: crew.actingAgentIds, receiver });

  beforeAll(async () => {
    receiver = await startReceiver();
    crew = await createCrew(ledger);
    shared = await buildTargets(makers());
  });

  afterAll(async () => {
    await receiver.close();
  });

  const callerFor = (op: Operation): Credential => crew.credentials.get(accessTable[op.name]?.needs === 'signed-in' ? "an admin's session" : 'an admin key')!;

  /** The operation's path with real ids: new fixtures for a DELETE, which may use them up. */
  async function pathFor(op: Operation, caller: Credential): Promise<string> {
    const targets = op.method === 'DELETE' ? await renewTargets(shared, op.path, makers()) : shared;
    return fillPath(op.path, targets, caller.agentId, op.method);
  }

  /** The valid request the access battery sends, for checks that need one body that would succeed. */
  function validRequest(op: Operation, caller: Credential) {
    const password = caller.agentId === null ? undefined : crew.passwords.get(caller.agentId);
    return accessTable[op.name]?.request?.({ targets: shared, password, receiverUrl: receiver.url('/battery') }) ?? {};
  }

  /** Sends a fuzzed body or query as the operation's caller. */
  async function send(op: Operation, part: { body?: string; query?: string }): Promise<Answer> {
    const caller = callerFor(op);
    const path = (await pathFor(op, caller)) + (part.query === undefined ? '' : `?${part.query}`);
    const headers = part.body === undefined ? caller.headers : { ...caller.headers, 'content-type': 'application/json' };
    return request(op.method, path, { headers, text: part.body });
  }

  /**
   * Schema arbitraries that know the fixtures: an id field often names a row that exists and a
   * webhook URL the local receiver, so that valid values get past the lookups into the services.
   */
  function arbitraries(): SchemaArbitraries {
    const ids = { customer_id: [shared.customer], department_id: [shared.department], category_id: [shared.category] };
    const agent = [shared.agent];
    return schemaArbitraries({
      ...ids,
      department_ids: ids.department_id,
      assigned_agent_id: agent,
      agent_id: agent,
      author_id: agent,
      id: [shared.ticket],
      url: [receiver.url('/fuzz')],
    });
  }

  /** Remembers the secrets a successful request sent or was given. */
  function collect(body: string | undefined, answer: Answer) {
    if (answer.status >= 300) return;
    let sent: unknown;
    try {
      sent = body === undefined ? undefined : JSON.parse(body);
    } catch {
      sent = undefined;
    }
    ledger.collect(sent, answer.body);
  }

  return { ledger, callerFor, pathFor, validRequest, send, collect, arbitraries };
}
