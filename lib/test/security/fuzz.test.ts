import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzz, operationSeed } from './fuzz';
import { fuzzSeed } from './fuzz-config';
import type { Answer } from './probe';

/** The fuzz runner is the battery's judge: it must report what it exists to catch. */
describe('the fuzz runner', () => {
  const envelope = (code: string) => ({ success: false, error: { code, message: 'm' }, timestamp: '2026-01-01T00:00:00Z' });
  const answers: Answer[] = [
    { status: 500, body: envelope('INTERNAL_ERROR'), contentType: 'application/json' },
    { status: 400, body: 'Bad Request', contentType: 'text/plain' },
    { status: 302, body: '', contentType: '' },
    { status: 422, body: { success: false }, contentType: 'application/json' },
    { status: 200, body: { success: true, data: {} }, contentType: 'application/json' },
    { status: 404, body: envelope('NOT_FOUND'), contentType: 'application/json' },
  ];

  it('reports each kind of failure once, with the seed and run that found it, and passes the rest', async () => {
    let sent = 0;
    const passed: number[] = [];
    const failures = await fuzz({
      name: 'GET /fake query',
      cases: fc.constant({ text: 'a=1', label: 'fake query' }),
      send: async () => answers[sent++ % answers.length]!,
      answered: (_c, answer) => passed.push(answer.status),
    });
    expect(failures.map((f) => f.replace(/ \{.*$|: .*$/, ''))).toEqual([
      `GET /fake query gave a 500 INTERNAL_ERROR (LOOPDESK_FUZZ_SEED=${fuzzSeed}, its seed ${operationSeed('GET /fake query')}, run 1) to fake query`,
      `GET /fake query gave a 400 outside the error envelope (LOOPDESK_FUZZ_SEED=${fuzzSeed}, its seed ${operationSeed('GET /fake query')}, run 2) to fake query`,
      `GET /fake query gave a 302 (LOOPDESK_FUZZ_SEED=${fuzzSeed}, its seed ${operationSeed('GET /fake query')}, run 3) to fake query`,
      `GET /fake query gave a 422 outside the error envelope (LOOPDESK_FUZZ_SEED=${fuzzSeed}, its seed ${operationSeed('GET /fake query')}, run 4) to fake query`,
    ]);
    expect(new Set(passed)).toEqual(new Set([200, 404]));
  });

  it('reports a handler that throws instead of answering', async () => {
    const failures = await fuzz({
      name: 'POST /fake body',
      cases: fc.constant({ text: '{}', label: 'fake body' }),
      send: async () => {
        throw new TypeError('boom');
      },
    });
    expect(failures).toEqual([
      expect.stringMatching(
        /^POST \/fake body gave the handler threw TypeError \(LOOPDESK_FUZZ_SEED=-?\d+, its seed -?\d+, run 1\) to fake body: "\{\}" TypeError: boom$/,
      ),
    ]);
  });
});
