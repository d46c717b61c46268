import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateSigningKey, mintToken, PRIVATE_KEY_FILE, PUBLIC_KEYS_FILE, type SigningKey, type TokenClaims } from '@crm/auth/dev';

/** Who a test client calls as: the claims of the token it sends, or null for no token at all. */
export type Caller = TokenClaims | null;

/** The default caller of every test client, so tests that are not about access need not think of it. */
export const ADMIN: TokenClaims = { roles: ['admin'], userId: '00000000-0000-4000-a000-00000000ad01' };

export const asPartner = (partnerId: string, userId: string | null = null): TokenClaims => ({ roles: ['partner'], partnerId, userId });

/** A customer's contact using the self-service portal; its user is the contact itself unless given. */
export const asCustomer = (customerId: string, contactId: string, userId: string = contactId): TokenClaims => ({
  roles: ['customer'],
  customerId,
  contactId,
  userId,
});

let signing: Promise<{ key: SigningKey; publicKeysFile: string; privateKeyFile: string }> | undefined;

/**
 * This test process's identity provider: a key pair made on first use, whose public JWKS file the
 * subgraphs and gateway under test verify with (AUTH_PUBLIC_KEYS_FILE), and whose private key file
 * the gateway under test signs API tokens with (API_TOKEN_SIGNING_KEY_FILE).
 */
export function testSigningKey(): Promise<{ key: SigningKey; publicKeysFile: string; privateKeyFile: string }> {
  signing ??= (async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-test-keys-'));
    process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
    const key = await generateSigningKey('test');
    const publicKeysFile = path.join(dir, PUBLIC_KEYS_FILE);
    fs.writeFileSync(publicKeysFile, JSON.stringify(key.publicJwks));
    const privateKeyFile = path.join(dir, PRIVATE_KEY_FILE);
    fs.writeFileSync(privateKeyFile, JSON.stringify(key.privateJwk), { mode: 0o600 });
    return { key, publicKeysFile, privateKeyFile };
  })();
  return signing;
}

/** A token signed with the test key for these claims. */
export async function testToken(claims: TokenClaims): Promise<string> {
  return mintToken((await testSigningKey()).key.privateJwk, claims);
}
