import '@/lib/test/security/env';
import { describe, expect, it } from 'vitest';
import { queryCases } from '@/lib/test/security/fuzz-cases';
import { fuzz } from '@/lib/test/security/fuzz';
import { fuzzRuns, fuzzSeed, operationTimeoutMs } from '@/lib/test/security/fuzz-config';
import { useFuzzWorld } from '@/lib/test/security/fuzz-setup';
import { operations } from '@/lib/test/security/operations';
import { secretsInDump } from '@/lib/test/security/secrets';

/**
 * Property-based fuzzing of every query string the OpenAPI document describes: each parameter in
 * its right form and its wrong ones (lists as `a,b` or the key repeated, objects as `name[key]=v`,
 * `name[]`, nested keys where flat ones belong), hostile values, unknown and polluting keys, broken
 * percent escapes. Each must answer a 2xx or a 4xx in the error envelope within 5 s, and /health
 * must answer within a second after it.
 */
const world = useFuzzWorld();
const withQueries = operations.filter((op) => op.queryParameters.length > 0);

describe(`fuzzed query strings (${fuzzRuns} runs each, seed ${fuzzSeed})`, () => {
  for (const op of withQueries) {
    it(
      `${op.name} answers every query with a 2xx, or a 4xx in the error envelope, in time`,
      async () => {
        const failures = await fuzz({ name: `${op.name} query`, cases: queryCases(op, world.arbitraries()), send: (c) => world.send(op, { query: c.text }) });
        expect(failures).toEqual([]);
      },
      operationTimeoutMs,
    );
  }
});

describe('a dump of the database after the query fuzzing', () => {
  it('holds no plain API key, password, session id or cookie, or webhook secret', async () => {
    expect(await secretsInDump(world.ledger)).toEqual([]);
  });
});
