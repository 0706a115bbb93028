import assert from 'node:assert/strict';
import { LoopdeskError } from '../../src/index.js';

/** The LoopdeskError a call rejects with; fails the test if it resolves or rejects with anything else. */
export async function rejection(promise: Promise<unknown>): Promise<LoopdeskError> {
  const error = await promise.then(
    (value) => ({ resolved: value }),
    (e: unknown) => e,
  );
  // assert.ok always gets a message here: without one, Node reads the call's source to make one,
  // which takes minutes on a transpiled file.
  assert.ok(error instanceof LoopdeskError, `expected a LoopdeskError, got ${JSON.stringify(error) ?? String(error)}`);
  return error;
}
