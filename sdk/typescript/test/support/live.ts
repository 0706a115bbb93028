import { Loopdesk, type LoopdeskOptions } from '../../src/index.js';

/**
 * The desk the live tests run against. Without one they fail, never skip: a green run must mean
 * the SDK talked to a real Loopdesk.
 */
export function liveDesk() {
  const baseUrl = process.env.LOOPDESK_URL;
  const apiKey = process.env.LOOPDESK_API_KEY;
  if (!baseUrl || !apiKey) {
    throw new Error('The live tests need a running Loopdesk: set LOOPDESK_URL (e.g. http://127.0.0.1:3000) and LOOPDESK_API_KEY (an admin key, ld_live_…)');
  }
  return { baseUrl, apiKey, loopdesk: new Loopdesk({ baseUrl, apiKey }) };
}

export interface RecordedExchange {
  request: Request;
  response: Response;
}

/** A fetch that keeps every request and answer, to compare what the SDK says with what was on the wire. */
export function recordingFetch() {
  const exchanges: RecordedExchange[] = [];
  const fetchAndRecord = async (request: Request) => {
    const response = await fetch(request);
    exchanges.push({ request, response });
    return response;
  };
  return { exchanges, fetch: fetchAndRecord };
}

export function liveClient(options: Partial<LoopdeskOptions> = {}) {
  const { baseUrl, apiKey } = liveDesk();
  return new Loopdesk({ baseUrl, apiKey, ...options } as LoopdeskOptions);
}

/** A name no other run shares, so tests can find their own rows in a desk others use too. */
export function unique(label: string): string {
  return `${label} ${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
