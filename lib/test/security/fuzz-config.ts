import { z } from 'zod';

/**
 * How long the fuzzing runs: a bounded run by default (the whole battery in about two minutes on
 * two cores), longer with LOOPDESK_FUZZ_RUNS; a fixed seed unless LOOPDESK_FUZZ_SEED names another,
 * so a failure reproduces with the seed its message quotes.
 */
const env = z
  .object({
    LOOPDESK_FUZZ_RUNS: z.coerce.number().int().min(1).max(1_000_000).optional(),
    LOOPDESK_FUZZ_SEED: z.coerce.number().int().optional(),
  })
  .parse({ LOOPDESK_FUZZ_RUNS: process.env.LOOPDESK_FUZZ_RUNS || undefined, LOOPDESK_FUZZ_SEED: process.env.LOOPDESK_FUZZ_SEED || undefined });

export const DEFAULT_FUZZ_RUNS = 100;
export const fuzzRuns = env.LOOPDESK_FUZZ_RUNS ?? DEFAULT_FUZZ_RUNS;
export const fuzzSeed = env.LOOPDESK_FUZZ_SEED ?? 20_261_204;

/** Any request of the battery must answer within this; /health, right after a fuzzed one, within the second. */
export const ANSWER_MS = 5_000;
export const HEALTH_MS = 1_000;

/** Room for every run of one operation, one hang (after which its remaining runs are skipped) and fixtures. */
export const operationTimeoutMs = 60_000 + fuzzRuns * 1_000;
