import { send } from '@/lib/test/api';

/** An answer as the battery judges it: the status and the body, parsed when it is JSON. */
export type Answer = { status: number; body: unknown; contentType: string };

export class TimedOut extends Error {}

/** Resolves with `work`, or rejects with TimedOut after `ms`: a hung handler fails the check instead of the run. */
export async function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimedOut(`${what} gave no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export type Outgoing = { headers?: Record<string, string>; json?: unknown; text?: string; form?: FormData };

/** Sends one request through the real handler (lib/test/api.ts) and reads its whole answer. */
export async function request(method: string, path: string, outgoing: Outgoing = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...outgoing.headers };
  let rawBody: BodyInit | undefined = outgoing.form ?? outgoing.text;
  if (outgoing.json !== undefined) {
    rawBody = JSON.stringify(outgoing.json);
    headers['content-type'] ??= 'application/json';
  }
  const response = await send(method, path, { headers, rawBody });
  const contentType = response.headers.get('content-type') ?? '';
  const text = await response.text();
  let body: unknown = text;
  if (contentType.includes('json') && text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  return { status: response.status, body, contentType };
}

/** Why `answer` is not the reference's error envelope `{success:false, error:{code, message}, timestamp}`, or null. */
export function envelopeProblem(answer: Answer): string | null {
  const body = answer.body;
  if (typeof body !== 'object' || body === null) return `a ${answer.status} without a JSON error envelope: ${String(body).slice(0, 200)}`;
  const { success, error, timestamp } = body as Record<string, unknown>;
  const { code, message } = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  const fine = success === false && typeof code === 'string' && typeof message === 'string' && typeof timestamp === 'string';
  return fine ? null : `a ${answer.status} whose envelope is not {success:false, error:{code,message}, timestamp}: ${JSON.stringify(body).slice(0, 200)}`;
}

/** A short account of an answer for a failure message. */
export function describeAnswer(answer: Answer): string {
  const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
  return `${answer.status} ${(text ?? '').slice(0, 300)}`;
}
