import { createHmac, timingSafeEqual } from 'node:crypto';

/** Longer tokens are refused unread: nothing this signs comes near it. */
const MAX_TOKEN = 300;

/**
 * Tokens for links that act without a login (a survey answer, an unsubscribe): `<payload>.<mac>`,
 * both base64url, the MAC an HMAC-SHA256 of the payload under a secret, the payload its fields
 * joined by `:` with an expiry (unix seconds) last. What a token says is only believed when the MAC
 * matches and it has not expired, so a forged, altered or stale link does nothing.
 */
export class SignedLinks {
  constructor(private readonly secret: string) {
    if (secret.length < 32) throw new Error('a link-signing secret needs at least 32 characters');
  }

  /** Fields must not contain `:`; they come back from `verify` as given. */
  sign(fields: readonly string[], expiresAt: Date): string {
    if (fields.some((f) => f.includes(':'))) throw new Error('a signed link field may not contain ":"');
    const payload = Buffer.from([...fields, Math.floor(expiresAt.getTime() / 1000)].join(':')).toString('base64url');
    return `${payload}.${this.mac(payload)}`;
  }

  /** The fields, `expired` for a genuine token past its expiry, or `invalid` for anything this secret did not sign. */
  verify(token: string, now = new Date()): { fields: string[] } | 'expired' | 'invalid' {
    if (token.length > MAX_TOKEN) return 'invalid';
    const [payload, mac, extra] = token.split('.');
    if (!payload || !mac || extra !== undefined) return 'invalid';
    const expected = Buffer.from(this.mac(payload));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid';
    const fields = Buffer.from(payload, 'base64url').toString('utf8').split(':');
    const expires = Number(fields.pop());
    if (!Number.isInteger(expires)) return 'invalid';
    return expires * 1000 <= now.getTime() ? 'expired' : { fields };
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.secret).update(payload).digest('base64url');
  }
}
