import { generateSigningKey, mintToken } from './dev-tokens';
import { createTokenVerifier, identityFromClaims, InvalidTokenError, bearerToken } from './tokens';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const PARTNER = '6f1c1f5e-3b0a-4c55-9d7e-0d9b8a1c2e3f';
const USER = '2b7e9a40-8f0e-4f4e-9b59-6d4c1f0e8a11';

describe('tokens', () => {
  let verify: ReturnType<typeof createTokenVerifier>;
  let key: Awaited<ReturnType<typeof generateSigningKey>>;
  let other: Awaited<ReturnType<typeof generateSigningKey>>;

  beforeAll(async () => {
    key = await generateSigningKey('k1');
    other = await generateSigningKey('k1');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'auth-spec-'));
    const file = path.join(dir, 'jwks.json');
    fs.writeFileSync(file, JSON.stringify(key.publicJwks));
    verify = createTokenVerifier({ AUTH_PUBLIC_KEYS_FILE: file, AUTH_ISSUER: 'crm', AUTH_AUDIENCE: 'crm' });
  });

  it('verifies a token into the identity it carries, lower-casing ids', async () => {
    const token = await mintToken(key.privateJwk, { roles: ['partner'], userId: USER.toUpperCase(), partnerId: PARTNER.toUpperCase() });
    await expect(verify(token)).resolves.toEqual({ userId: USER, roles: ['partner'], partnerId: PARTNER });
  });

  it.each([
    ['expired', async () => mintToken(key.privateJwk, { roles: ['admin'], expiresInSeconds: -60 })],
    ['signed by another key', async () => mintToken(other.privateJwk, { roles: ['admin'] })],
    ['for another audience', async () => mintToken(key.privateJwk, { roles: ['admin'], audience: 'elsewhere' })],
    ['from another issuer', async () => mintToken(key.privateJwk, { roles: ['admin'], issuer: 'elsewhere' })],
    [
      'tampered with',
      async () =>
        (await mintToken(key.privateJwk, { roles: ['sales'] })).replace(
          /\.([^.]+)\./,
          (_m, p: string) =>
            `.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), roles: ['admin'] })).toString('base64url')}.`,
        ),
    ],
    [
      'unsigned (alg none)',
      async () =>
        `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"roles":["admin"],"iss":"crm","aud":"crm","exp":9999999999}').toString('base64url')}.`,
    ],
  ])('refuses a token %s', async (_case, make) => {
    await expect(verify(await make())).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it.each([
    [{ roles: [] }, /roles/],
    [{ roles: ['root'] }, /roles/],
    [{ roles: ['partner'] }, /partner_id/],
    [{ roles: ['partner', 'admin'], partner_id: PARTNER }, /cannot be combined/],
    [{ roles: ['sales'], partner_id: PARTNER }, /only for the partner role/],
    [{ roles: ['sales'], sub: 'bob' }, /sub/],
    [{ roles: ['customer'], contact_id: PARTNER }, /customer_id/],
    [{ roles: ['customer'], customer_id: PARTNER }, /contact_id/],
    [{ roles: ['customer', 'service'], customer_id: PARTNER, contact_id: PARTNER }, /cannot be combined/],
    [{ roles: ['service'], customer_id: PARTNER }, /only for the customer role/],
  ])('refuses impossible claims %j', (claims, message) => {
    expect(() => identityFromClaims(claims)).toThrow(message);
  });

  it("reads a portal contact's customer and contact, lower-cased, and gives no other role either", () => {
    const [customer, contact] = ['AAAAAAAA-0000-4000-8000-000000000001', 'BBBBBBBB-0000-4000-8000-000000000002'];
    expect(identityFromClaims({ roles: ['customer'], customer_id: customer, contact_id: contact })).toEqual({
      userId: null,
      roles: ['customer'],
      partnerId: null,
      customerId: customer.toLowerCase(),
      contactId: contact.toLowerCase(),
    });
    expect(identityFromClaims({ roles: ['service'] })).not.toHaveProperty('customerId');
  });

  it('reads only Bearer authorization headers', () => {
    expect(bearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerToken('Basic dXNlcjpwdw==')).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
  });

  it('stops at boot without a key setting, or with both', () => {
    expect(() => createTokenVerifier({ AUTH_ISSUER: 'crm', AUTH_AUDIENCE: 'crm' })).toThrow(/AUTH_JWKS_URL or AUTH_PUBLIC_KEYS_FILE/);
    expect(() =>
      createTokenVerifier({
        AUTH_JWKS_URL: 'https://idp.example/jwks',
        AUTH_PUBLIC_KEYS_FILE: '/x',
        AUTH_ISSUER: 'crm',
        AUTH_AUDIENCE: 'crm',
      }),
    ).toThrow(/only one/);
  });
});
