import * as fs from 'node:fs';
import { createLocalJWKSet, createRemoteJWKSet, jwtVerify, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import { ROLES, type Identity, type Role } from './access';
import { cachingVerifier } from './verified-token-cache';

/** Signing algorithms the platform accepts; anything else (`none`, HS256 with a public key...) is refused. */
export const TOKEN_ALGORITHMS = ['ES256', 'EdDSA'];
export const DEFAULT_ISSUER = 'crm';
export const DEFAULT_AUDIENCE = 'crm';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Where the verification keys come from: a JWKS URL (production) or a JWKS file (development, tests). */
export interface TokenKeysConfig {
  AUTH_JWKS_URL?: string | undefined;
  AUTH_PUBLIC_KEYS_FILE?: string | undefined;
  AUTH_ISSUER: string;
  AUTH_AUDIENCE: string;
}

/** A token that is missing, expired, wrongly signed or carries impossible claims. */
export class InvalidTokenError extends Error {}

export type TokenVerifier = (token: string) => Promise<Identity>;

/** The claims of a verified token as an Identity; roles outside the vocabulary make the token invalid. */
export function identityFromClaims(claims: Record<string, unknown>): Identity {
  const roles = claims.roles;
  if (!Array.isArray(roles) || roles.length === 0 || !roles.every((r): r is Role => ROLES.includes(r as Role))) {
    throw new InvalidTokenError(`roles must be a non-empty list of ${ROLES.join(', ')}`);
  }
  const sub = claims.sub;
  if (sub !== undefined && (typeof sub !== 'string' || !UUID.test(sub))) throw new InvalidTokenError('sub must be a UUID');
  const partnerId = claims.partner_id;
  const isPartner = roles.includes('partner');
  if (isPartner) {
    // A partner user is only a partner: mixing in an internal role would lift its scoping.
    if (roles.length !== 1) throw new InvalidTokenError('the partner role cannot be combined with other roles');
    if (typeof partnerId !== 'string' || !UUID.test(partnerId)) throw new InvalidTokenError('a partner token needs partner_id (a UUID)');
  } else if (partnerId !== undefined) {
    throw new InvalidTokenError('partner_id is only for the partner role');
  }
  const { customer_id: customerId, contact_id: contactId } = claims;
  const isCustomer = roles.includes('customer');
  if (isCustomer) {
    // A contact is only a customer: any other role would lift its scoping.
    if (roles.length !== 1) throw new InvalidTokenError('the customer role cannot be combined with other roles');
    if (typeof customerId !== 'string' || !UUID.test(customerId))
      throw new InvalidTokenError('a customer token needs customer_id (a UUID)');
    if (typeof contactId !== 'string' || !UUID.test(contactId)) throw new InvalidTokenError('a customer token needs contact_id (a UUID)');
  } else if (customerId !== undefined || contactId !== undefined) {
    throw new InvalidTokenError('customer_id and contact_id are only for the customer role');
  }
  return {
    userId: typeof sub === 'string' ? sub.toLowerCase() : null,
    roles: [...new Set(roles)],
    partnerId: isPartner ? (partnerId as string).toLowerCase() : null,
    ...(isCustomer ? { customerId: (customerId as string).toLowerCase(), contactId: (contactId as string).toLowerCase() } : {}),
  };
}

function keySource(config: TokenKeysConfig): JWTVerifyGetKey {
  if (config.AUTH_JWKS_URL && config.AUTH_PUBLIC_KEYS_FILE) {
    throw new Error('set only one of AUTH_JWKS_URL and AUTH_PUBLIC_KEYS_FILE');
  }
  if (config.AUTH_JWKS_URL) return createRemoteJWKSet(new URL(config.AUTH_JWKS_URL));
  if (!config.AUTH_PUBLIC_KEYS_FILE) throw new Error('AUTH_JWKS_URL or AUTH_PUBLIC_KEYS_FILE is required to verify tokens');
  let jwks: JSONWebKeySet;
  try {
    jwks = JSON.parse(fs.readFileSync(config.AUTH_PUBLIC_KEYS_FILE, 'utf8')) as JSONWebKeySet;
  } catch (e) {
    throw new Error(`AUTH_PUBLIC_KEYS_FILE: cannot read a JWKS from ${config.AUTH_PUBLIC_KEYS_FILE}: ${(e as Error).message}`);
  }
  if (!Array.isArray(jwks.keys) || jwks.keys.length === 0)
    throw new Error(`AUTH_PUBLIC_KEYS_FILE: ${config.AUTH_PUBLIC_KEYS_FILE} holds no keys`);
  return createLocalJWKSet(jwks);
}

/**
 * Built once at boot (a bad key setting stops the process); verifies signature, expiry, issuer and
 * audience. A token already verified is trusted again for up to a minute (never past its expiry)
 * without a second signature check: see cachingVerifier.
 */
export function createTokenVerifier(config: TokenKeysConfig): TokenVerifier {
  const keys = keySource(config);
  return cachingVerifier(
    async (token) => {
      try {
        const { payload } = await jwtVerify(token, keys, {
          algorithms: TOKEN_ALGORITHMS,
          issuer: config.AUTH_ISSUER,
          audience: config.AUTH_AUDIENCE,
          requiredClaims: ['exp'],
        });
        return { identity: identityFromClaims(payload), expiresAt: payload.exp! * 1000 };
      } catch (e) {
        if (e instanceof InvalidTokenError) throw e;
        throw new InvalidTokenError((e as Error).message);
      }
    },
    { maxEntries: 10_000, maxAgeMs: 60_000 },
  );
}

/** `Authorization: Bearer <token>` → the token; anything else → null. */
export function bearerToken(header: string | string[] | undefined): string | null {
  const value = Array.isArray(header) ? header[0] : header;
  const match = value ? /^Bearer\s+(\S+)$/i.exec(value) : null;
  return match?.[1] ?? null;
}
