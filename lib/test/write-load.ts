import { randomBytes, randomInt } from 'node:crypto';
import { SERVED_BY_HEADER } from './haproxy';

/** One request of the load: what it was, how it was answered, by which backend, and why when it failed. */
export type Answer = { op: Op; status: number; ok: boolean; servedBy: string | null; problem: string | null; ms: number };
/** An attachment the load uploaded, and the exact bytes it sent. */
export type Upload = { id: number; url: string; bytes: Buffer };
export type WriteLoad = { answers: Answer[]; uploads: Upload[]; ticketsCreated: number; ticketsUpdated: number };

type Op = 'create' | 'read' | 'upload' | 'reply' | 'list';
type Attachment = { id: number; url: string; size: number };

const ROTATION: Op[] = ['create', 'read', 'upload', 'reply', 'list', 'reply', 'upload', 'read'];
const MAX_FILE_BYTES = 200 * 1024;

/** Every kind of request once, from one client: a fresh instance loads each route's code on its first request. */
export const warmUp = (baseUrl: string, key: string) => runWriteLoad(baseUrl, key, { clients: 1, seconds: 60, rounds: ROTATION.length });

/**
 * `clients` concurrent API clients for `seconds` (or `rounds` requests each), each working tickets
 * of its own as an integration would: create one and read it back, upload files to it (multipart),
 * reply (every other reply with a base64 attachment), list the inbox. Every answer is kept; one that
 * is not the documented success (or whose body does not match the request) carries a `problem`.
 */
export async function runWriteLoad(
  baseUrl: string,
  key: string,
  { clients, seconds, rounds = Infinity }: { clients: number; seconds: number; rounds?: number },
): Promise<WriteLoad> {
  const load: WriteLoad = { answers: [], uploads: [], ticketsCreated: 0, ticketsUpdated: 0 };
  const until = Date.now() + seconds * 1000;

  /** Sends one request; `check` may find fault with a successful answer's data. */
  async function request(op: Op, method: string, path: string, expected: number, body?: FormData | object, check?: (data: unknown) => string | null) {
    let status = 0;
    let servedBy: string | null = null;
    let problem: string | null = null;
    let data: unknown = null;
    const started = performance.now();
    try {
      const res = await fetch(`${baseUrl}/api/v1${path}`, {
        method,
        headers: { Authorization: `Bearer ${key}`, ...(body && !(body instanceof FormData) ? { 'Content-Type': 'application/json' } : {}) },
        body: body instanceof FormData ? body : body && JSON.stringify(body),
      });
      status = res.status;
      servedBy = res.headers.get(SERVED_BY_HEADER);
      const text = await res.text();
      if (status === expected) {
        data = (JSON.parse(text) as { data: unknown }).data;
        problem = check?.(data) ?? null;
      } else problem = `${method} ${path}: ${status} ${text.slice(0, 300)}`;
    } catch (error) {
      problem = `${method} ${path}: ${String(error)}`;
    }
    load.answers.push({ op, status, ok: problem === null, servedBy, problem, ms: performance.now() - started });
    return problem === null ? data : null;
  }

  async function client(n: number) {
    const tickets: number[] = [];
    for (let i = n; i < n + rounds && Date.now() < until; i++) {
      const op = tickets.length === 0 ? 'create' : ROTATION[i % ROTATION.length]!;
      const ticket = tickets.at(-1)!;
      const file = (j: number) => ({ name: `client${n}-${i}-${j}.bin`, bytes: randomBytes(randomInt(1, MAX_FILE_BYTES)) });
      if (op === 'create') {
        const created = (await request(op, 'POST', '/tickets', 201, {
          subject: `Balanced load ${n}/${i}`,
          description: 'Created through the load balancer.',
          priority: 'normal',
        })) as { id: number } | null;
        if (created) {
          tickets.push(created.id);
          load.ticketsCreated++;
        }
      } else if (op === 'read') {
        // Often answered by the other instance than the one that took the write just before.
        await request(op, 'GET', `/tickets/${ticket}`, 200, undefined, (data) => {
          const { id } = data as { id: number };
          return id === ticket ? null : `GET /tickets/${ticket} answered ticket ${id}`;
        });
      } else if (op === 'upload') {
        const files = Array.from({ length: randomInt(1, 3) }, (_, j) => file(j));
        const form = new FormData();
        for (const f of files) form.append('file', new File([f.bytes], f.name));
        const attached = (await request(op, 'POST', `/tickets/${ticket}/attachments`, 201, form)) as Attachment[] | null;
        if (attached) {
          load.ticketsUpdated++;
          for (const [j, a] of attached.entries()) load.uploads.push({ id: a.id, url: a.url, bytes: files[j]!.bytes });
        }
      } else if (op === 'reply') {
        const f = i % 2 === 0 ? file(0) : null;
        const reply = (await request(op, 'POST', `/tickets/${ticket}/replies`, 201, {
          content: `Reply ${i} from client ${n}: we are looking into it.`,
          ...(f ? { attachments: [{ filename: f.name, content: f.bytes.toString('base64') }] } : {}),
        })) as { attachments: Attachment[] } | null;
        if (reply) {
          load.ticketsUpdated++;
          if (f) load.uploads.push({ id: reply.attachments[0]!.id, url: reply.attachments[0]!.url, bytes: f.bytes });
        }
      } else {
        await request(op, 'GET', '/tickets?per_page=10&sort=created_at&order=desc', 200);
      }
    }
  }

  await Promise.all(Array.from({ length: clients }, (_, n) => client(n)));
  return load;
}
