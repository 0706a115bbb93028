import { availableParallelism } from 'node:os';
import { hash, verify } from '@node-rs/argon2';
import { ServiceUnavailableError } from '@/lib/errors';

// argon2id with OWASP's minimum parameters: 19 MiB of memory, 2 passes, 1 lane.
// (Algorithm is a const enum in the package's types; 2 is Argon2id.)
const options = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Thrown when so many passwords wait to be hashed that one more would only add to a flood. */
export class PasswordWorkBusy extends ServiceUnavailableError {}

/**
 * Runs at most `slots` jobs at once, queueing at most `queueLimit` more. Password hashing is
 * deliberately slow; unbounded, a flood of sign-ins would take every core and every libuv thread
 * from the API (the review saw /health go from 40 ms to 1.4 s under 64 parallel sign-ins).
 */
export function concurrencyLimit(slots: number, queueLimit: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  return {
    async run<T>(job: () => Promise<T>): Promise<T> {
      if (running >= slots) {
        if (waiting.length >= queueLimit) throw new PasswordWorkBusy('Too many password checks are waiting: try again in a few seconds');
        await new Promise<void>((resolve) => waiting.push(resolve));
      } else running++;
      try {
        return await job();
      } finally {
        // Hand the slot straight to the next in line, or free it.
        const next = waiting.shift();
        if (next) next();
        else running--;
      }
    },
    get running() {
      return running;
    },
    get waiting() {
      return waiting.length;
    },
  };
}

/** Half the cores, at least one: sign-ins stay possible while the rest of the app keeps its share. */
export const passwordWork = concurrencyLimit(Math.max(1, Math.floor(availableParallelism() / 2)), 64);

export function hashPassword(password: string): Promise<string> {
  return passwordWork.run(() => hash(password, options));
}

export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return passwordWork.run(() => verify(passwordHash, password));
}
