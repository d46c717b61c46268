import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

/**
 * An API key is `crmk_<key id>_<secret>`: the id (a UUID without dashes) finds the row, the secret
 * (32 random bytes, base64url) proves the holder. Only an HMAC-SHA256 of the secret under the
 * service's API_KEY_SECRET is stored. A keyed hash rather than a slow one (bcrypt, argon2): slow
 * hashes exist to make guessing low-entropy passwords expensive, and 256 random bits cannot be
 * guessed however fast each try is; what a stolen table must not give is a way to check a
 * candidate, and without the key, which lives outside the database, it gives none. Checking stays
 * one cheap hash, so the exchange route costs no CPU an attacker could spend.
 */
const KEY_PATTERN = /^crmk_([0-9a-f]{32})_([A-Za-z0-9_-]{43})$/;

export interface NewApiKey {
  id: string;
  /** The whole key, shown to the admin once and never stored. */
  key: string;
  /** What is stored. */
  hash: Buffer;
}

export function newApiKey(hashSecret: string): NewApiKey {
  const id = randomUUID();
  const compact = id.replace(/-/g, '');
  const secret = randomBytes(32).toString('base64url');
  return { id, key: `crmk_${compact}_${secret}`, hash: apiKeyHash(hashSecret, secret) };
}

/** The key's id and secret, or null for anything that is not shaped like a key. */
export function parseApiKey(key: string): { id: string; secret: string } | null {
  const m = KEY_PATTERN.exec(key);
  if (!m) return null;
  const c = m[1]!;
  return { id: `${c.slice(0, 8)}-${c.slice(8, 12)}-${c.slice(12, 16)}-${c.slice(16, 20)}-${c.slice(20)}`, secret: m[2]! };
}

function apiKeyHash(hashSecret: string, secret: string): Buffer {
  return createHmac('sha256', hashSecret).update(secret).digest();
}

/** Constant-time: how much of a guess matched shows in no timing. */
export function apiKeyMatches(hashSecret: string, secret: string, stored: Buffer): boolean {
  const actual = apiKeyHash(hashSecret, secret);
  return actual.length === stored.length && timingSafeEqual(actual, stored);
}

/** What lists show of a key, so an admin can tell keys apart without it being usable: `crmk_1a2b3c4d`. */
export const apiKeyPrefix = (id: string) => `crmk_${id.replace(/-/g, '').slice(0, 8)}`;
