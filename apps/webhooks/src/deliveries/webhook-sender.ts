import { lookup } from 'node:dns';
import * as http from 'node:http';
import * as https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isPublicAddress } from '@crm/domain';

export interface SendResult {
  /** The receiver's status; null when it never answered. */
  statusCode: number | null;
  /** Why the attempt failed; null when the receiver answered 2xx. */
  error: string | null;
  durationMs: number;
}

export interface SendOptions {
  timeoutMs: number;
  /** Production: https only, and only to public addresses (SSRF), checked at each delivery. */
  production: boolean;
}

/** What a receiver's answer is read to at most: only its status matters. */
const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * Resolves a host and refuses it unless every address is public, then connects to the very
 * addresses it checked: checking first and letting the socket resolve again would let a short
 * TTL point the second answer inside the cluster (DNS rebinding). The registration check in sales
 * is not enough on its own, since a name may resolve elsewhere by the time an event is delivered.
 */
const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  lookup(hostname, { ...options, all: true, verbatim: true }, (err, addresses) => {
    if (err) return callback(err, '');
    const inside = addresses.find((a) => !isPublicAddress(a.address));
    if (inside || addresses.length === 0)
      return callback(
        Object.assign(new Error(`${hostname} resolves to ${inside?.address ?? 'nothing'}, not a public address: refused (SSRF)`), {
          code: 'ESSRF',
        }),
        '',
      );
    if (options.all) return callback(null, addresses);
    return callback(null, addresses[0]!.address, addresses[0]!.family);
  });
};

/** Why a URL may not be delivered to at all, before any connection. */
function refusal(url: URL, production: boolean): string | null {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `${url.protocol} is not http(s)`;
  if (!production) return null;
  if (url.protocol !== 'https:') return 'only https is delivered to in production';
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (isIP(host) && !isPublicAddress(host)) return `${host} is not a public address: refused (SSRF)`;
  return null;
}

/**
 * POSTs one signed delivery. Redirects are not followed (a 3xx is a failure): following one would
 * send the event, and the request, wherever the receiver points.
 */
export function sendWebhook(rawUrl: string, body: string, headers: Record<string, string>, opts: SendOptions): Promise<SendResult> {
  const started = performance.now();
  const done = (statusCode: number | null, error: string | null): SendResult => ({
    statusCode,
    error,
    durationMs: Math.round(performance.now() - started),
  });
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return Promise.resolve(done(null, 'the endpoint URL is not a URL'));
  }
  const refused = refusal(url, opts.production);
  if (refused) return Promise.resolve(done(null, refused));
  return new Promise((resolve) => {
    const req = (url.protocol === 'https:' ? https : http).request(
      url,
      {
        method: 'POST',
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'user-agent': 'crm-webhooks/1',
        },
        signal: AbortSignal.timeout(opts.timeoutMs),
        ...(opts.production ? { lookup: publicOnlyLookup } : {}),
      },
      (res) => {
        let read = 0;
        res.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_RESPONSE_BYTES) res.destroy();
        });
        const finish = () => {
          const status = res.statusCode ?? null;
          resolve(done(status, status !== null && status >= 200 && status < 300 ? null : `the receiver answered ${status}`));
        };
        res.on('end', finish);
        res.on('close', finish);
        res.on('error', finish);
      },
    );
    req.on('error', (err: NodeJS.ErrnoException) =>
      resolve(done(null, err.name === 'AbortError' ? `no answer within ${opts.timeoutMs} ms` : err.message || String(err.code))),
    );
    req.end(body);
  });
}
