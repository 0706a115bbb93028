import { BlockList, isIP } from 'node:net';
import { config } from '@/lib/config';

/**
 * server.ts deletes this header from every incoming request and then sets it to the TCP
 * peer's address, so a client can never choose the address that IP allowlists check.
 */
export const CLIENT_IP_HEADER = 'x-loopdesk-client-ip';

/** The caller's address, or null when it cannot be known (then an allowlisted key is refused). */
export function clientIp(req: { headers: Pick<Headers, 'get'> }): string | null {
  if (config().LOOPDESK_TRUST_PROXY) {
    // The proxy appends the address it saw; everything to its left is the client's own claim.
    const forwarded = req.headers.get('x-forwarded-for')?.split(',').at(-1)?.trim();
    if (forwarded && isIP(normalizeIp(forwarded))) return normalizeIp(forwarded);
  }
  const peer = req.headers.get(CLIENT_IP_HEADER);
  return peer && isIP(normalizeIp(peer)) ? normalizeIp(peer) : null;
}

function normalizeIp(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  return mapped?.[1] ?? ip;
}

/** Accepts `203.0.113.7`, `2001:db8::1`, `10.0.0.0/8`, `2001:db8::/32`; returns the canonical form or null. */
export function parseIpRule(rule: string): string | null {
  const [address = '', prefix, ...rest] = rule.trim().split('/');
  const family = isIP(address);
  if (!family || rest.length > 0) return null;
  if (prefix === undefined) return address;
  if (!/^\d{1,3}$/.test(prefix)) return null;
  const bits = Number(prefix);
  return bits <= (family === 4 ? 32 : 128) ? `${address}/${bits}` : null;
}

export function ipAllowed(ip: string | null, rules: readonly string[]): boolean {
  if (rules.length === 0) return true;
  if (!ip) return false;
  const list = new BlockList();
  for (const rule of rules) {
    const [address = '', prefix] = rule.split('/');
    const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return list.check(ip, isIP(ip) === 6 ? 'ipv6' : 'ipv4');
}
