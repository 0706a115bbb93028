import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { summarize, type FuzzCase } from './fuzz-cases';
import { ANSWER_MS, HEALTH_MS, fuzzRuns, fuzzSeed } from './fuzz-config';
import { describeAnswer, envelopeProblem, request, TimedOut, within, type Answer } from './probe';

/** What a fuzzed request must never do, as one line: a 5xx, a hang, a bad envelope, a slow /health after it. */
async function problemWith(what: string, send: () => Promise<Answer>): Promise<{ kind: string; detail: string } | { answer: Answer }> {
  let answer: Answer;
  try {
    answer = await within(ANSWER_MS, what, send());
  } catch (error) {
    if (error instanceof TimedOut) return { kind: `no answer within ${ANSWER_MS} ms`, detail: '' };
    return { kind: `the handler threw ${error instanceof Error ? error.name : 'something'}`, detail: String(error).slice(0, 300) };
  }
  if (answer.status >= 500 || answer.status < 200 || (answer.status >= 300 && answer.status < 400)) {
    const code = (answer.body as { error?: { code?: string } } | null)?.error?.code ?? '';
    return { kind: `a ${answer.status} ${code}`.trim(), detail: describeAnswer(answer) };
  }
  const envelope = answer.status >= 400 ? envelopeProblem(answer) : null;
  if (envelope) return { kind: `a ${answer.status} outside the error envelope`, detail: envelope };
  const started = Date.now();
  try {
    const health = await within(HEALTH_MS, 'GET /api/v1/health', request('GET', '/api/v1/health'));
    if (health.status !== 200) return { kind: `/health answered ${health.status} right after`, detail: describeAnswer(health) };
  } catch {
    return { kind: `/health took over ${HEALTH_MS} ms right after`, detail: `${Date.now() - started} ms` };
  }
  return { answer };
}

/**
 * A seed of its own per operation, from the run's: with one seed, operations whose schemas look
 * alike would send the same strings, and a password of one would turn up as another's field.
 */
export function operationSeed(name: string): number {
  return createHash('sha256').update(`${fuzzSeed} ${name}`).digest().readInt32BE(0);
}

export type FuzzTarget = {
  /** `PUT /api/v1/tickets/{id} body`: names the operation in the failures. */
  name: string;
  cases: fc.Arbitrary<FuzzCase>;
  send: (c: FuzzCase) => Promise<Answer>;
  /** Called with every answer that passed, e.g. to collect the secrets it reveals. */
  answered?: (c: FuzzCase, answer: Answer) => void;
};

/**
 * Runs fuzzRuns cases through fast-check (seeded, so a run reproduces) and returns one line per
 * kind of failure with its first case, rather than stopping at the first: a known defect in one
 * field must not hide another. After an operation's first hang its remaining cases are not sent,
 * as the hung request still holds a connection and a core.
 */
export async function fuzz({ name, cases, send, answered }: FuzzTarget): Promise<string[]> {
  const seed = operationSeed(name);
  const failures = new Map<string, string>();
  let hung = false;
  let run = 0;
  await fc.assert(
    fc.asyncProperty(cases, async (c) => {
      run++;
      if (hung) return;
      const outcome = await problemWith(name, () => send(c));
      if ('answer' in outcome) {
        answered?.(c, outcome.answer);
        return;
      }
      hung ||= outcome.kind.startsWith('no answer');
      if (!failures.has(outcome.kind)) {
        failures.set(
          outcome.kind,
          `${name} gave ${outcome.kind} (LOOPDESK_FUZZ_SEED=${fuzzSeed}, its seed ${seed}, run ${run}) to ${summarize(c)} ${outcome.detail}`.trim(),
        );
      }
    }),
    { numRuns: fuzzRuns, seed, endOnFailure: true },
  );
  return [...failures.values()];
}
