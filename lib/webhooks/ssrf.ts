import dns from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { config } from '@/lib/config';
import { ValidationError } from '@/lib/errors';

/**
 * Webhook targets chosen by API callers must not reach the network Loopdesk runs in (SSRF): a URL
 * is refused when its host is, or resolves to, any of these addresses, unless
 * LOOPDESK_WEBHOOK_ALLOWED_HOSTS lists the host. One resolved address in a range is enough.
 */
const ranges: { kind: string; ipv4: string[]; ipv6: string[] }[] = [
  { kind: 'a loopback', ipv4: ['127.0.0.0/8'], ipv6: ['::1/128'] },
  { kind: 'an unspecified', ipv4: ['0.0.0.0/8'], ipv6: ['::/128'] },
  { kind: 'a private', ipv4: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'], ipv6: ['fc00::/7', 'fec0::/10'] },
  { kind: 'a link-local', ipv4: ['169.254.0.0/16'], ipv6: ['fe80::/10'] },
  { kind: 'a carrier-grade NAT', ipv4: ['100.64.0.0/10'], ipv6: [] },
  { kind: 'a multicast', ipv4: ['224.0.0.0/4'], ipv6: ['ff00::/8'] },
  // 240/4 holds the broadcast address; ::/96 is the deprecated IPv4-compatible form, which some stacks still route.
  { kind: 'a reserved', ipv4: ['240.0.0.0/4', '192.0.0.0/24', '198.18.0.0/15'], ipv6: ['::/96'] },
  // 6to4 (and its relay anycast), Teredo, local-use NAT64 and IPv4-translated addresses can carry any IPv4
  // address inside them, internal ones included: refused whole rather than decoded.
  {
    kind: 'an IPv4-tunnelling',
    ipv4: ['192.88.99.0/24'],
    ipv6: ['2002::/16', '2001::/32', '64:ff9b:1::/48', '::ffff:0:0:0/96'],
  },
];

const blocked = ranges.map(({ kind, ipv4, ipv6 }) => {
  const list = new BlockList();
  for (const cidr of ipv4) list.addSubnet(...subnet(cidr), 'ipv4');
  for (const cidr of ipv6) list.addSubnet(...subnet(cidr), 'ipv6');
  return { kind, list };
});

function subnet(cidr: string): [string, number] {
  const [address = '', bits = ''] = cidr.split('/');
  return [address, Number(bits)];
}

/** Thrown (or passed to a lookup callback) when a target is refused; `code` lets delivery logs name the reason. */
export class WebhookTargetRefused extends Error {
  readonly code = 'ERR_WEBHOOK_TARGET_REFUSED';
}

/** The URL rules that need no DNS: the reason `raw` can never be a webhook target, or the parsed URL. */
export function parseWebhookUrl(raw: string): { ok: true; url: URL } | { ok: false; reason: string } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'URL must be an absolute http:// or https:// URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, reason: `URL must use http:// or https://, not ${url.protocol}//` };
  }
  if (url.username || url.password) {
    return { ok: false, reason: 'URL must not contain a user name or password; receivers authenticate deliveries by their signature' };
  }
  // WHATWG URL gives http: and https: URLs a host or refuses to parse them.
  return { ok: true, url };
}

/**
 * The full check for a webhook URL, at creation and before every delivery: the syntax rules, then
 * every address the host resolves to (IP literals are checked as they are, without DNS). Returns
 * the parsed URL; throws a 400 ValidationError on `url` naming the reason.
 */
export async function checkWebhookUrl(raw: string): Promise<URL> {
  const parsed = parseWebhookUrl(raw);
  if (!parsed.ok) throw urlError(parsed.reason);
  const { url } = parsed;
  const host = bareHost(url.hostname);
  if (isAllowedHost(host)) return url;

  if (isIP(host)) {
    const refused = describeRefusedAddress(host);
    if (refused) throw urlError(`URL host ${url.hostname} is ${refused}; ${allowHint}`);
    return url;
  }
  let addresses: dns.LookupAddress[];
  try {
    addresses = await dns.promises.lookup(host, { all: true, verbatim: true });
  } catch (cause) {
    throw urlError(`Host ${host} could not be resolved`, cause);
  }
  if (addresses.length === 0) throw urlError(`Host ${host} could not be resolved`);
  const refusal = refusalFor(host, addresses);
  if (refusal) throw urlError(refusal);
  return url;
}

/**
 * A drop-in `lookup` for node:http/https `request` that refuses internal addresses at connect time,
 * so a host whose DNS answer changes between checkWebhookUrl and the connection (DNS rebinding)
 * still cannot reach them. Node does not call `lookup` for IP literals: checkWebhookUrl covers those.
 */
export const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true, verbatim: true }, (error, addresses) => {
    if (error) return callback(error, '');
    const refusal = isAllowedHost(bareHost(hostname)) ? null : refusalFor(hostname, addresses);
    if (refusal) return callback(new WebhookTargetRefused(refusal), '');
    const [first] = addresses;
    if (!first) return callback(Object.assign(new Error(`Host ${hostname} could not be resolved`), { code: 'ENOTFOUND' }), '');
    if (options.all) return callback(null, addresses);
    callback(null, first.address, first.family);
  });
};

const allowHint = 'internal addresses are refused unless LOOPDESK_WEBHOOK_ALLOWED_HOSTS lists the host';

function refusalFor(host: string, addresses: dns.LookupAddress[]): string | null {
  for (const { address } of addresses) {
    const refused = describeRefusedAddress(address);
    if (refused) return `URL host ${host} resolves to ${address}, ${refused}; ${allowHint}`;
  }
  return null;
}

/**
 * `'a loopback address'` etc. for an address in a refused range, directly or as the IPv4 address
 * inside an IPv6 one (`'a loopback address (IPv4 127.0.0.1 inside IPv6)'`); null for any other.
 */
export function describeRefusedAddress(address: string): string | null {
  const bare = address.replace(/%.*$/, '');
  const family = isIP(bare);
  if (family === 0) return null;
  // Judge an IPv4-mapped or NAT64 address by the IPv4 address it leads to.
  const embedded = family === 6 ? embeddedIpv4(bare) : null;
  const [checked, type] = embedded ? [embedded, 'ipv4' as const] : [bare, family === 6 ? ('ipv6' as const) : ('ipv4' as const)];
  const found = blocked.find(({ list }) => list.check(checked, type));
  if (!found) return null;
  return embedded ? `${found.kind} address (IPv4 ${embedded} inside IPv6)` : `${found.kind} address`;
}

/** The IPv4 address carried by an IPv4-mapped (::ffff:0:0/96) or NAT64 (64:ff9b::/96) IPv6 address. */
function embeddedIpv4(ipv6: string): string | null {
  const g = ipv6Groups(ipv6);
  const mapped = g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff;
  const nat64 = g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0);
  if (!mapped && !nat64) return null;
  const [hi = 0, lo = 0] = g.slice(6);
  return [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff].join('.');
}

/** The eight 16-bit groups of a valid IPv6 address (`::` expanded, a trailing dotted quad folded in). */
function ipv6Groups(address: string): number[] {
  const text = address.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_, a: string, b: string, c: string, d: string) =>
    [(Number(a) << 8) | Number(b), (Number(c) << 8) | Number(d)].map((n) => n.toString(16)).join(':'),
  );
  const groups = (part: string | undefined) => (part ? part.split(':').map((h) => parseInt(h, 16)) : []);
  const [head, tail] = text.split('::');
  if (tail === undefined) return groups(head);
  const [front, back] = [groups(head), groups(tail)];
  return [...front, ...Array<number>(8 - front.length - back.length).fill(0), ...back];
}

function isAllowedHost(host: string): boolean {
  return config().LOOPDESK_WEBHOOK_ALLOWED_HOSTS.includes(host.toLowerCase());
}

/** `[::1]` (as URL.hostname writes IPv6) → `::1`. */
function bareHost(hostname: string): string {
  return hostname.replace(/^\[(.*)\]$/, '$1');
}

function urlError(message: string, cause?: unknown): ValidationError {
  return new ValidationError([{ field: 'url', message }], undefined, cause === undefined ? undefined : { cause });
}
