import * as fs from 'node:fs';
import type { JSONWebKeySet, JWK } from 'jose';

interface VerificationKeys {
  AUTH_JWKS_URL?: string | undefined;
  AUTH_PUBLIC_KEYS_FILE?: string | undefined;
}

/**
 * A private signing key the gateway signs tokens with, read at boot from the file in `variable`. With
 * a local JWKS file (AUTH_PUBLIC_KEYS_FILE) its public half must be in it, or every token signed
 * would be refused: that stops the gateway here, naming the variable. With AUTH_JWKS_URL the check
 * is the operator's (the key's public half must be published there).
 */
export function readSigningKey(file: string, variable: string, config: VerificationKeys): JWK {
  const read = <T>(path: string, what: string): T => {
    try {
      return JSON.parse(fs.readFileSync(path, 'utf8')) as T;
    } catch (e) {
      throw new Error(`${what}: cannot read ${path}: ${(e as Error).message}`);
    }
  };
  const key = read<JWK>(file, variable);
  if (!key.d || !key.kid) throw new Error(`${variable} must hold a private key (a JWK with "d") with a kid`);
  if (config.AUTH_PUBLIC_KEYS_FILE) {
    const verifying = read<JSONWebKeySet>(config.AUTH_PUBLIC_KEYS_FILE, 'AUTH_PUBLIC_KEYS_FILE');
    if (!verifying.keys.some((k) => k.kid === key.kid))
      throw new Error(`${variable} must hold the private half of a key in AUTH_PUBLIC_KEYS_FILE`);
  }
  return key;
}
