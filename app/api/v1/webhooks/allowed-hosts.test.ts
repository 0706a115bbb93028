import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { config } from '@/lib/config';
import { call } from '@/lib/test/api';
import { expectValidationError } from '@/lib/test/expectations';
import { createKey } from '@/lib/test/factories';
import type { WebhookJson } from '@/lib/webhooks/schema';
import { guardedLookup } from '@/lib/webhooks/ssrf';

// Configuration is read once per test file, at the first request: set it before any.
process.env.LOOPDESK_WEBHOOK_ALLOWED_HOSTS = ' LocalHost, 127.0.0.1 ,[::1],, ';

const hint = 'internal addresses are refused unless LOOPDESK_WEBHOOK_ALLOWED_HOSTS lists the host';

let adminKey: string;

beforeAll(async () => {
  adminKey = await createKey('admin');
});

const createViaApi = (url: string) => call<WebhookJson>('POST', '/api/v1/webhooks', { key: adminKey, body: { url, events: ['*'] } });

describe('LOOPDESK_WEBHOOK_ALLOWED_HOSTS', () => {
  it('is read as a list of hosts, lower-cased, IPv6 without brackets', () => {
    expect(config().LOOPDESK_WEBHOOK_ALLOWED_HOSTS).toEqual(['localhost', '127.0.0.1', '::1']);
  });

  it.each(['http://localhost:3000/hook', 'http://LOCALHOST/hook', 'http://127.0.0.1:8080/hook', 'http://[::1]:9000/hook'])(
    'lets a webhook target the listed host in %s',
    async (url) => {
      const res = await createViaApi(url);
      expect(res.status).toBe(201);
      expect(res.body.data.url).toBe(new URL(url).href);
    },
  );

  it.each([
    ['http://10.1.2.3/', 'URL host 10.1.2.3 is a private address'],
    ['http://127.0.0.2/', 'URL host 127.0.0.2 is a loopback address'],
    ['http://[::ffff:127.0.0.1]/', 'URL host [::ffff:7f00:1] is a loopback address (IPv4 127.0.0.1 inside IPv6)'],
    ['http://169.254.169.254/latest/meta-data', 'URL host 169.254.169.254 is a link-local address'],
  ])('still refuses %s, whose host is not listed', async (url, reason) => {
    expectValidationError(await createViaApi(url), [{ field: 'url', message: `${reason}; ${hint}` }]);
  });

  it('still refuses credentials and other schemes for a listed host', async () => {
    expectValidationError(await createViaApi('ftp://localhost/hook'), [{ field: 'url', message: 'URL must use http:// or https://, not ftp://' }]);
    expect((await createViaApi('http://user:pw@localhost/hook')).status).toBe(400);
  });
});

describe('guardedLookup for a listed host', () => {
  let server: http.Server;
  let port: number;

  beforeAll(async () => {
    server = http.createServer((req, res) => res.end(`got ${req.url}`));
    await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('lets http.request connect and deliver', async () => {
    const body = await new Promise<string>((resolve, reject) => {
      const req = http.get({ hostname: 'localhost', port, path: '/hook', lookup: guardedLookup }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve(text));
      });
      req.on('error', reject);
    });
    expect(body).toBe('got /hook');
  });

  it('answers in the shape asked for: one address and its family, or all of them', async () => {
    const one = await new Promise<unknown[]>((resolve) => guardedLookup('localhost', {}, (...args) => resolve(args)));
    expect(one).toEqual([null, expect.stringMatching(/^(127\.0\.0\.1|::1)$/), expect.any(Number)]);
    const all = await new Promise<unknown[]>((resolve) => guardedLookup('localhost', { all: true }, (...args) => resolve(args)));
    expect(all).toEqual([null, expect.arrayContaining([{ address: expect.any(String), family: expect.any(Number) }])]);
  });
});
