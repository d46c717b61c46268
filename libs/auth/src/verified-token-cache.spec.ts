import type { Identity } from './access';
import { cachingVerifier, type VerifiedToken } from './verified-token-cache';

const identity = (userId: string): Identity => ({ userId, roles: ['sales'], partnerId: null });

describe('cachingVerifier', () => {
  let clock: number;
  let checks: string[];
  let answers: Map<string, VerifiedToken | Error>;
  const now = () => clock;
  const inner = async (token: string): Promise<VerifiedToken> => {
    checks.push(token);
    const a = answers.get(token);
    if (!a || a instanceof Error) throw a ?? new Error('unknown token');
    return a;
  };

  beforeEach(() => {
    clock = 1_000_000;
    checks = [];
    answers = new Map();
  });

  it('checks a token once and answers the same identity again until the maximum age', async () => {
    answers.set('t1', { identity: identity('u1'), expiresAt: clock + 3_600_000 });
    const verify = cachingVerifier(inner, { maxEntries: 10, maxAgeMs: 60_000, now });
    expect(await verify('t1')).toEqual(identity('u1'));
    clock += 59_000;
    expect(await verify('t1')).toEqual(identity('u1'));
    expect(checks).toEqual(['t1']);
    clock += 2_000;
    await verify('t1');
    expect(checks).toEqual(['t1', 't1']);
  });

  it('never trusts a token past its own expiry', async () => {
    answers.set('t1', { identity: identity('u1'), expiresAt: clock + 5_000 });
    const verify = cachingVerifier(inner, { maxEntries: 10, maxAgeMs: 60_000, now });
    await verify('t1');
    clock += 6_000;
    answers.set('t1', new Error('expired'));
    await expect(verify('t1')).rejects.toThrow('expired');
  });

  it('does not remember a refused token', async () => {
    answers.set('bad', new Error('bad signature'));
    const verify = cachingVerifier(inner, { maxEntries: 10, maxAgeMs: 60_000, now });
    await expect(verify('bad')).rejects.toThrow('bad signature');
    await expect(verify('bad')).rejects.toThrow('bad signature');
    expect(checks).toEqual(['bad', 'bad']);
  });

  it('gives each caller its own copy of the identity', async () => {
    answers.set('t1', { identity: identity('u1'), expiresAt: clock + 3_600_000 });
    const verify = cachingVerifier(inner, { maxEntries: 10, maxAgeMs: 60_000, now });
    const first = await verify('t1');
    first.roles.push('admin');
    expect(await verify('t1')).toEqual(identity('u1'));
  });

  it('forgets the oldest token beyond its bound', async () => {
    for (const t of ['a', 'b', 'c']) answers.set(t, { identity: identity(t), expiresAt: clock + 3_600_000 });
    const verify = cachingVerifier(inner, { maxEntries: 2, maxAgeMs: 60_000, now });
    await verify('a');
    await verify('b');
    await verify('c');
    await verify('a');
    expect(checks).toEqual(['a', 'b', 'c', 'a']);
  });
});
