import { ANONYMOUS, type Identity } from './access';
import { identityScope } from './access.guard';
import { currentIdentity } from './request-scope';
import { InvalidTokenError, type TokenVerifier } from './tokens';

describe('identityScope', () => {
  const alice: Identity = { userId: 'u1', roles: ['partner'], partnerId: 'p1' };
  const verify: TokenVerifier = (token) =>
    token === 'good' ? Promise.resolve(alice) : Promise.reject(new InvalidTokenError('bad signature'));

  /** What the rest of the request sees, now and after an await, as resolvers do. */
  const scopeFor = (authorization?: string) =>
    new Promise<[Identity | undefined, Identity | undefined]>((resolve) => {
      const req = { headers: { authorization } };
      identityScope(verify)(req, {}, () => {
        const now = currentIdentity();
        void Promise.resolve().then(() => resolve([now, currentIdentity()]));
      });
    });

  it('runs the rest of the request as the verified caller', async () => {
    expect(await scopeFor('Bearer good')).toEqual([alice, alice]);
  });

  it('runs it as nobody for a bad or missing token (the guard then refuses every non-public field)', async () => {
    expect(await scopeFor('Bearer forged')).toEqual([ANONYMOUS, ANONYMOUS]);
    expect(await scopeFor(undefined)).toEqual([ANONYMOUS, ANONYMOUS]);
  });

  it('verifies once per request: the guard reuses the same check', async () => {
    let calls = 0;
    const req: { headers: { authorization: string }; identityCheck?: Promise<Identity | InvalidTokenError> } = {
      headers: { authorization: 'Bearer good' },
    };
    await new Promise<void>((resolve) => identityScope((t) => (calls++, verify(t)))(req, {}, () => resolve()));
    expect(calls).toBe(1);
    expect(await req.identityCheck).toBe(alice);
  });
});
