import { BlockList, isIP } from 'node:net';

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

/**
 * Whether an address is one a server on the internet can have. Sales checks a webhook URL with it
 * when it is registered and the webhook worker again at each delivery (DNS can change in between).
 */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  return family !== 0 && !NON_PUBLIC.check(address, family === 4 ? 'ipv4' : 'ipv6');
}
