import { ANONYMOUS, type Identity } from './access';
import { identityMiddleware, type AuthRequest } from './identity.middleware';
import { InvalidTokenError, type TokenVerifier } from './tokens';

describe('identityMiddleware', () => {
  const alice: Identity = { userId: 'u1', roles: ['partner'], partnerId: 'p1' };
  const verify: TokenVerifier = (token) =>
    token === 'good' ? Promise.resolve(alice) : Promise.reject(new InvalidTokenError('bad signature'));

  /** The caller the middleware leaves on the request for the resolvers. */
  const callerFor = async (authorization?: string) => {
    const req: AuthRequest = { headers: { authorization } };
    await new Promise<void>((resolve) => identityMiddleware(verify)(req, {}, () => resolve()));
    return req.identity;
  };

  it('leaves the verified caller on the request', async () => {
    expect(await callerFor('Bearer good')).toEqual(alice);
  });

  it('leaves nobody for a bad or missing token (the guard then refuses every non-public field)', async () => {
    expect(await callerFor('Bearer forged')).toEqual(ANONYMOUS);
    expect(await callerFor(undefined)).toEqual(ANONYMOUS);
  });

  it('verifies once per request: the guard reuses the same check', async () => {
    let calls = 0;
    const req: AuthRequest = { headers: { authorization: 'Bearer good' } };
    await new Promise<void>((resolve) => identityMiddleware((t) => (calls++, verify(t)))(req, {}, () => resolve()));
    expect(calls).toBe(1);
    expect(await req.identityCheck).toBe(alice);
  });
});
