import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { InvalidError } from '@crm/domain';

/**
 * Addresses a webhook must never reach in production: loopback, private networks, link-local (the
 * cloud metadata endpoint, 169.254.169.254), carrier-grade NAT, multicast, documentation and
 * reserved ranges, and their IPv6 counterparts. IPv4-mapped IPv6 addresses (::ffff:10.0.0.1) are
 * matched against the IPv4 ranges by BlockList itself.
 */
const NON_PUBLIC = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  NON_PUBLIC.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 127],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  NON_PUBLIC.addSubnet(net, prefix, 'ipv6');

/** Whether an address is one a server on the internet can have. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  return family !== 0 && !NON_PUBLIC.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** Every address a host name resolves to (A and AAAA). */
export type ResolveHost = (host: string) => Promise<string[]>;

const resolveWithSystem: ResolveHost = async (host) => (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

export const WEBHOOK_URL_MAX = 2000;

/**
 * Checks where a webhook will be sent. In production it must be https and every address its host
 * resolves to must be public: one private address among public ones is enough for a request to
 * reach inside the cluster (SSRF), so all are checked, not the first. In development and tests a
 * local receiver (http://127.0.0.1:port) is allowed, which is what the end-to-end test uses.
 */
export async function checkWebhookUrl(raw: string, opts: { production: boolean; resolve?: ResolveHost }): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new InvalidError('url', 'must be an absolute URL, e.g. https://hooks.example.com/crm');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new InvalidError('url', 'must be an https URL');
  if (url.username || url.password) throw new InvalidError('url', 'must not carry credentials: each delivery is signed instead');
  if (!opts.production) return url;
  if (url.protocol !== 'https:') throw new InvalidError('url', 'must be an https URL');
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = await (opts.resolve ?? resolveWithSystem)(host);
    } catch {
      throw new InvalidError('url', `the host ${host} does not resolve`);
    }
  }
  if (addresses.length === 0) throw new InvalidError('url', `the host ${host} does not resolve`);
  const inside = addresses.find((a) => !isPublicAddress(a));
  if (inside !== undefined)
    throw new InvalidError(
      'url',
      `the host ${host} resolves to ${inside}, a private, loopback or reserved address: webhooks go to public hosts only`,
    );
  return url;
}
