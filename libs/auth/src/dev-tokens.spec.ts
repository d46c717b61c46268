import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEV_ADMIN_USER, devUserId, ensureDevSigningKey, mintToken } from './dev-tokens';
import { createTokenVerifier } from './tokens';

describe('development tokens', () => {
  it('names a stable user for every role set, the printed admin for admin', () => {
    expect(devUserId(['admin'])).toBe(DEV_ADMIN_USER);
    expect(devUserId(['sales', 'marketing'])).toBe(devUserId(['marketing', 'sales', 'sales']));
    expect(devUserId(['sales'])).not.toBe(devUserId(['marketing']));
    expect(devUserId(['sales'])).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('mints, as `npm run token -- --role admin` does, an admin token that verifies with a sub', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dev-tokens-spec-'));
    const { key, publicKeysFile } = await ensureDevSigningKey(dir);
    const verify = createTokenVerifier({ AUTH_PUBLIC_KEYS_FILE: publicKeysFile, AUTH_ISSUER: 'crm', AUTH_AUDIENCE: 'crm' });
    const token = await mintToken(key.privateJwk, { roles: ['admin'], userId: devUserId(['admin']) });
    await expect(verify(token)).resolves.toEqual({ userId: DEV_ADMIN_USER, roles: ['admin'], partnerId: null });
    // The key pair is made once: a second call reads the same one.
    expect((await ensureDevSigningKey(dir)).key.privateJwk).toEqual(key.privateJwk);
  });
});
