import dns from 'node:dns';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ValidationError } from '@/lib/errors';
import { checkWebhookUrl, describeRefusedAddress, guardedLookup, parseWebhookUrl } from './ssrf';

const hint = 'internal addresses are refused unless LOOPDESK_WEBHOOK_ALLOWED_HOSTS lists the host';
// libuv refuses a name over 255 bytes itself: no DNS query is sent, so this fails the same on any machine.
const unresolvable = `${`${'a'.repeat(60)}.`.repeat(5)}invalid`;

afterEach(() => {
  vi.restoreAllMocks();
});

async function refusal(url: string): Promise<string> {
  const error = await checkWebhookUrl(url).then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof ValidationError)) throw new Error(`expected a ValidationError for ${url}, got ${String(error)}`);
  expect(error.details).toHaveLength(1);
  expect(error.details[0]!.field).toBe('url');
  return error.details[0]!.message;
}

describe('describeRefusedAddress', () => {
  it.each([
    ['127.0.0.1', 'a loopback address'],
    ['127.255.255.254', 'a loopback address'],
    ['::1', 'a loopback address'],
    ['0.0.0.0', 'an unspecified address'],
    ['0.1.2.3', 'an unspecified address'],
    ['::', 'an unspecified address'],
    ['10.1.2.3', 'a private address'],
    ['172.16.0.1', 'a private address'],
    ['172.31.255.255', 'a private address'],
    ['192.168.1.1', 'a private address'],
    ['fc00::1', 'a private address'],
    ['fd12:3456::1', 'a private address'],
    ['169.254.169.254', 'a link-local address'],
    ['fe80::1', 'a link-local address'],
    ['fe80::1%eth0', 'a link-local address'],
    ['100.64.0.1', 'a carrier-grade NAT address'],
    ['100.127.255.255', 'a carrier-grade NAT address'],
    ['224.0.0.1', 'a multicast address'],
    ['239.255.255.250', 'a multicast address'],
    ['ff02::1', 'a multicast address'],
    ['240.0.0.1', 'a reserved address'],
    ['255.255.255.255', 'a reserved address'],
    ['::127.0.0.1', 'a reserved address'],
    ['::ffff:127.0.0.1', 'a loopback address (IPv4 127.0.0.1 inside IPv6)'],
    ['::ffff:7f00:1', 'a loopback address (IPv4 127.0.0.1 inside IPv6)'],
    ['0:0:0:0:0:ffff:a00:1', 'a private address (IPv4 10.0.0.1 inside IPv6)'],
    ['::ffff:169.254.169.254', 'a link-local address (IPv4 169.254.169.254 inside IPv6)'],
    ['64:ff9b::127.0.0.1', 'a loopback address (IPv4 127.0.0.1 inside IPv6)'],
    ['64:ff9b::a9fe:a9fe', 'a link-local address (IPv4 169.254.169.254 inside IPv6)'],
    ['64:ff9b::c0a8:101', 'a private address (IPv4 192.168.1.1 inside IPv6)'],
    ['2002:7f00:1::', 'an IPv4-tunnelling address'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'an IPv4-tunnelling address'],
    ['64:ff9b:1::a00:1', 'an IPv4-tunnelling address'],
    ['::ffff:0:7f00:1', 'an IPv4-tunnelling address'],
    ['192.88.99.1', 'an IPv4-tunnelling address'],
  ])('refuses %s as %s', (address, description) => {
    expect(describeRefusedAddress(address)).toBe(description);
  });

  it.each([
    '93.184.215.14',
    '8.8.8.8',
    '172.15.255.255',
    '172.32.0.1',
    '100.63.255.255',
    '100.128.0.1',
    '2606:4700::1111',
    '::ffff:93.184.215.14',
    '64:ff9b::808:808',
  ])('accepts the public address %s', (address) => {
    expect(describeRefusedAddress(address)).toBeNull();
  });
});

describe('parseWebhookUrl', () => {
  it.each([
    ['not a url', 'URL must be an absolute http:// or https:// URL'],
    ['/relative/path', 'URL must be an absolute http:// or https:// URL'],
    ['ftp://example.com/hook', 'URL must use http:// or https://, not ftp://'],
    ['file:///etc/passwd', 'URL must use http:// or https://, not file://'],
    ['https://user:pass@example.com/hook', 'URL must not contain a user name or password; receivers authenticate deliveries by their signature'],
    ['https://token@example.com/hook', 'URL must not contain a user name or password; receivers authenticate deliveries by their signature'],
  ])('refuses %j', (url, reason) => {
    expect(parseWebhookUrl(url)).toEqual({ ok: false, reason });
  });

  it('reads hosts the way the HTTP client will (WHATWG URL): other spellings of an IP are canonical', () => {
    const parsed = parseWebhookUrl('HTTP://0x7F.1:8080/Hook?x=1');
    expect(parsed.ok && parsed.url.href).toBe('http://127.0.0.1:8080/Hook?x=1');
  });
});

describe('checkWebhookUrl', () => {
  it('accepts a public IP literal without asking DNS', async () => {
    const lookup = vi.spyOn(dns.promises, 'lookup');
    expect((await checkWebhookUrl('https://93.184.215.14/hook')).href).toBe('https://93.184.215.14/hook');
    expect((await checkWebhookUrl('https://[2606:4700::1111]:8443/hook')).href).toBe('https://[2606:4700::1111]:8443/hook');
    expect(lookup).not.toHaveBeenCalled();
  });

  it.each([
    ['http://127.0.0.1/', 'URL host 127.0.0.1 is a loopback address'],
    ['http://2130706433/', 'URL host 127.0.0.1 is a loopback address'],
    ['http://10.1.2.3/', 'URL host 10.1.2.3 is a private address'],
    ['http://169.254.169.254/latest/meta-data', 'URL host 169.254.169.254 is a link-local address'],
    ['http://[::1]/', 'URL host [::1] is a loopback address'],
    ['http://[::ffff:127.0.0.1]/', 'URL host [::ffff:7f00:1] is a loopback address (IPv4 127.0.0.1 inside IPv6)'],
    ['http://[64:ff9b::169.254.169.254]/', 'URL host [64:ff9b::a9fe:a9fe] is a link-local address (IPv4 169.254.169.254 inside IPv6)'],
    ['http://0.0.0.0/', 'URL host 0.0.0.0 is an unspecified address'],
    ['http://100.100.100.200/', 'URL host 100.100.100.200 is a carrier-grade NAT address'],
  ])('refuses the IP literal in %s without asking DNS', async (url, reason) => {
    const lookup = vi.spyOn(dns.promises, 'lookup');
    expect(await refusal(url)).toBe(`${reason}; ${hint}`);
    expect(lookup).not.toHaveBeenCalled();
  });

  it('refuses a host name that resolves to loopback, naming the address', async () => {
    const lookup = vi.spyOn(dns.promises, 'lookup');
    expect(await refusal('http://LOCALHOST:3000/hook')).toMatch(
      /^URL host localhost resolves to (127\.0\.0\.1|::1), a loopback address; internal addresses are refused unless LOOPDESK_WEBHOOK_ALLOWED_HOSTS lists the host$/,
    );
    expect(lookup).toHaveBeenCalledWith('localhost', { all: true, verbatim: true });
  });

  it('refuses a host that cannot be resolved', async () => {
    expect(await refusal(`https://${unresolvable}/hook`)).toBe(`Host ${unresolvable} could not be resolved`);
  });
});

describe('guardedLookup', () => {
  let server: http.Server;
  let port: number;
  const received: string[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      received.push(req.url ?? '');
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('refuses a name that resolves to loopback when http.request connects, so nothing is sent', async () => {
    const error = await new Promise<NodeJS.ErrnoException>((resolve, reject) => {
      const req = http.get({ hostname: 'localhost', port, path: '/hook', lookup: guardedLookup }, () => reject(new Error('connected')));
      req.on('error', resolve);
    });
    expect(error.code).toBe('ERR_WEBHOOK_TARGET_REFUSED');
    expect(error.message).toMatch(/^URL host localhost resolves to (127\.0\.0\.1|::1), a loopback address; /);
    expect(received).toEqual([]);
  });

  it.each([{}, { all: true }])('refuses it whichever answer shape is asked for (%j)', async (options) => {
    const error = await new Promise<NodeJS.ErrnoException | null>((resolve) => guardedLookup('localhost', options, (e) => resolve(e)));
    expect(error?.code).toBe('ERR_WEBHOOK_TARGET_REFUSED');
  });

  it("passes DNS failures on as DNS's own error", async () => {
    const error = await new Promise<NodeJS.ErrnoException | null>((resolve) => guardedLookup(unresolvable, {}, (e) => resolve(e)));
    expect(error?.code).toMatch(/^(EINVAL|ENOTFOUND)$/);
  });
});
