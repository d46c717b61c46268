import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { InvalidError, isPublicAddress } from '@crm/domain';

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
