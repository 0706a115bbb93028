// autocannon ships no types; this declares the part of its API the benchmark suite uses.
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events';

  namespace autocannon {
    type Request = { method?: string; path: string; headers?: Record<string, string>; body?: string };
    /** One load-generating connection. */
    type Client = { setRequests(requests: Request[]): void };
    type Options = {
      url: string;
      connections: number;
      /** Seconds. */
      duration: number;
      headers?: Record<string, string>;
      requests?: Request[];
      setupClient?: (client: Client) => void;
    };
    type Result = { errors: number; timeouts: number; non2xx: number; totalCompletedRequests: number };
    interface Instance extends EventEmitter {
      /** Each answer: its status, size, and time from sending to the last byte in milliseconds (fractional). */
      on(event: 'response', listener: (client: Client, statusCode: number, bytes: number, ms: number) => void): this;
      stop(): void;
    }
  }

  function autocannon(options: autocannon.Options, done: (error: Error | null, result: autocannon.Result) => void): autocannon.Instance;
  export default autocannon;
}
