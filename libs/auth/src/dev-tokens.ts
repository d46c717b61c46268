import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JSONWebKeySet, type JWK } from 'jose';
import type { Role } from './access';
import { DEFAULT_AUDIENCE, DEFAULT_ISSUER } from './tokens';

/*
 * Development and test token minting: the platform's own identity provider stand-in. Production
 * code verifies tokens (./tokens); the one production path that signs is the gateway's API key
 * exchange, with the key an operator configured for it. This module is reached only through
 * `@crm/auth/dev`, by the token command, the local stack, the gateway, benches and tests.
 */

export interface SigningKey {
  privateJwk: JWK;
  publicJwks: JSONWebKeySet;
}

/** A fresh ES256 key pair; the kid is what verifiers pick the key by. */
export async function generateSigningKey(kid = `dev-${Date.now().toString(36)}`): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const base = { kid, alg: 'ES256', use: 'sig' };
  return {
    privateJwk: { ...(await exportJWK(privateKey)), ...base },
    publicJwks: { keys: [{ ...(await exportJWK(publicKey)), ...base }] },
  };
}

export const PRIVATE_KEY_FILE = 'signing-key.private.jwk.json';
export const PUBLIC_KEYS_FILE = 'signing-keys.public.jwks.json';

/**
 * The development key pair in `dir` (the data folder's keys/), created on first use. The private
 * key never leaves this machine; subgraphs and the gateway get only the public JWKS file.
 */
export async function ensureDevSigningKey(dir: string): Promise<{ privateKeyFile: string; publicKeysFile: string; key: SigningKey }> {
  const privateKeyFile = path.join(dir, PRIVATE_KEY_FILE);
  const publicKeysFile = path.join(dir, PUBLIC_KEYS_FILE);
  if (!fs.existsSync(privateKeyFile) || !fs.existsSync(publicKeysFile)) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const fresh = await generateSigningKey();
    fs.writeFileSync(privateKeyFile, JSON.stringify(fresh.privateJwk, null, 2), { mode: 0o600 });
    fs.writeFileSync(publicKeysFile, JSON.stringify(fresh.publicJwks, null, 2));
  }
  const key: SigningKey = {
    privateJwk: JSON.parse(fs.readFileSync(privateKeyFile, 'utf8')) as JWK,
    publicJwks: JSON.parse(fs.readFileSync(publicKeysFile, 'utf8')) as JSONWebKeySet,
  };
  return { privateKeyFile, publicKeysFile, key };
}

export interface TokenClaims {
  userId?: string | null;
  roles: Role[];
  partnerId?: string | null;
  /** OpenID Connect profile claims (`name`, `email`, `zoneinfo`), from which sales makes a user on first sign-in. */
  profile?: { name?: string; email?: string; zoneinfo?: string };
  /** For the customer role: the customer and the contact the token is issued to. */
  customerId?: string | null;
  contactId?: string | null;
  /** Seconds from now; negative mints an already expired token (tests). */
  expiresInSeconds?: number;
  issuer?: string;
  audience?: string;
}

/** Signs a token as the platform's identity provider would (development and tests only). */
export async function mintToken(privateJwk: JWK, claims: TokenClaims): Promise<string> {
  const key = await importJWK(privateJwk, privateJwk.alg ?? 'ES256');
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({
    ...claims.profile,
    roles: claims.roles,
    ...(claims.partnerId ? { partner_id: claims.partnerId } : {}),
    ...(claims.customerId ? { customer_id: claims.customerId } : {}),
    ...(claims.contactId ? { contact_id: claims.contactId } : {}),
  })
    .setProtectedHeader({ alg: privateJwk.alg ?? 'ES256', kid: privateJwk.kid })
    .setIssuer(claims.issuer ?? DEFAULT_ISSUER)
    .setAudience(claims.audience ?? DEFAULT_AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + (claims.expiresInSeconds ?? 3600));
  if (claims.userId) jwt.setSubject(claims.userId);
  return jwt.sign(key);
}

/** The development admin `npm start` prints a token for; other role sets get their own stable user. */
export const DEV_ADMIN_USER = '00000000-0000-4000-a000-000000000001';

/**
 * A stable development user id for a set of roles, so a minted token always has a `sub` (audit
 * columns such as an activity's `completedBy` name it) and the same command names the same user.
 */
export function devUserId(roles: readonly Role[]): string {
  const key = [...new Set(roles)].sort().join(',');
  if (key === 'admin') return DEV_ADMIN_USER;
  const hex = createHash('sha256').update(key).digest('hex');
  return `00000000-0000-4000-a000-${hex.slice(0, 12)}`;
}
