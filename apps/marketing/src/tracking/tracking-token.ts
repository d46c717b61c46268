import { createHmac, timingSafeEqual } from 'node:crypto';

/** o: the open pixel, c: a link (with its index in the template), u: the unsubscribe link. */
export type TrackingKind = 'o' | 'c' | 'u';

export interface TrackingClaim {
  messageId: string;
  kind: TrackingKind;
  /** The link's index among the template's links; 0 for the pixel and the unsubscribe link. */
  link: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MAX_TOKEN = 200;

/**
 * Signed tracking tokens: `<payload>.<HMAC-SHA256 of payload>`, both base64url. What a token names
 * (message, kind, link) is only believed when the MAC matches, so a forged or altered token
 * records nothing, and a click can only go to a link the message's template held.
 */
export class TrackingTokens {
  constructor(private readonly secret: string) {}

  sign(claim: TrackingClaim): string {
    const payload = Buffer.from(`${claim.messageId}:${claim.kind}:${claim.link}`).toString('base64url');
    return `${payload}.${this.mac(payload)}`;
  }

  /** The claim, or null for anything this secret did not sign as a token of `kind`. */
  verify(token: string, kind: TrackingKind): TrackingClaim | null {
    if (token.length > MAX_TOKEN) return null;
    const [payload, mac, extra] = token.split('.');
    if (!payload || !mac || extra !== undefined) return null;
    const expected = Buffer.from(this.mac(payload));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    const [messageId, k, link] = Buffer.from(payload, 'base64url').toString('utf8').split(':');
    if (!messageId || !UUID.test(messageId) || k !== kind || !link || !/^\d{1,4}$/.test(link)) return null;
    return { messageId, kind, link: Number(link) };
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.secret).update(payload).digest('base64url');
  }
}
