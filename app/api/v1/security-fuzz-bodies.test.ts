import '@/lib/test/security/env';
import { describe, expect, it } from 'vitest';
import { bodyCases } from '@/lib/test/security/fuzz-cases';
import { fuzz } from '@/lib/test/security/fuzz';
import { fuzzRuns, fuzzSeed, operationTimeoutMs } from '@/lib/test/security/fuzz-config';
import { useFuzzWorld } from '@/lib/test/security/fuzz-setup';
import { operations } from '@/lib/test/security/operations';
import { envelopeProblem, request } from '@/lib/test/security/probe';
import { secretsInDump } from '@/lib/test/security/secrets';
import { changedTables, snapshotTables } from '@/lib/test/security/snapshot';

/**
 * Property-based fuzzing of every JSON body the OpenAPI document describes: values made from the
 * body's JSON schema, valid and broken, with hostile values mixed in at every level, and hostile
 * whole bodies. Each must answer a 2xx or a 4xx in the error envelope within 5 s, and /health must
 * answer within a second after it. LOOPDESK_FUZZ_RUNS and LOOPDESK_FUZZ_SEED change the run.
 */
const world = useFuzzWorld();
const withBodies = operations.filter((op) => op.bodySchema);

describe(`fuzzed JSON bodies (${fuzzRuns} runs each, seed ${fuzzSeed})`, () => {
  for (const op of withBodies) {
    it(
      `${op.name} answers every body with a 2xx, or a 4xx in the error envelope, in time`,
      async () => {
        const failures = await fuzz({
          name: `${op.name} body`,
          cases: bodyCases(op, world.arbitraries()),
          send: (c) => world.send(op, { body: c.text }),
          answered: (c, answer) => world.collect(c.text, answer),
        });
        expect(failures).toEqual([]);
      },
      operationTimeoutMs,
    );
  }
});

describe('JSON bodies not sent as application/json', () => {
  for (const op of withBodies) {
    it(`${op.name} refuses a valid JSON body sent as text/plain with 415 and changes nothing`, async () => {
      const caller = world.callerFor(op);
      const { body } = world.validRequest(op, caller);
      const path = await world.pathFor(op, caller);
      const before = await snapshotTables();
      const answer = await request(op.method, path, {
        headers: { ...caller.headers, 'content-type': 'text/plain;charset=UTF-8' },
        text: JSON.stringify(body ?? {}),
      });
      expect(answer.status).toBe(415);
      expect(envelopeProblem(answer)).toBeNull();
      expect(changedTables(before, await snapshotTables())).toEqual([]);
    });
  }
});

describe('a dump of the database after the body fuzzing', () => {
  it('holds no plain API key, password, session id or cookie, or webhook secret', async () => {
    expect(await secretsInDump(world.ledger)).toEqual([]);
  });
});
