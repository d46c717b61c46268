import { TrackingTokens } from './tracking-token';

describe('TrackingTokens', () => {
  const tokens = new TrackingTokens('a-secret-of-at-least-thirty-two-characters');
  const messageId = '0b8a4f8e-5b7c-4c0e-9a51-3f1f7f0c2d11';

  it('verifies what it signed, for the kind it was signed for', () => {
    const t = tokens.sign({ messageId, kind: 'c', link: 3 });
    expect(tokens.verify(t, 'c')).toEqual({ messageId, kind: 'c', link: 3 });
    expect(tokens.verify(t, 'o')).toBeNull();
    expect(tokens.verify(t, 'u')).toBeNull();
  });

  it('refuses an altered payload, an altered MAC, another secret and garbage', () => {
    const t = tokens.sign({ messageId, kind: 'c', link: 0 });
    const [payload, mac] = t.split('.') as [string, string];
    const otherLink = Buffer.from(`${messageId}:c:1`).toString('base64url');
    expect(tokens.verify(`${otherLink}.${mac}`, 'c')).toBeNull();
    expect(tokens.verify(`${payload}.${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`, 'c')).toBeNull();
    expect(new TrackingTokens('another-secret-of-at-least-thirty-two-chars').verify(t, 'c')).toBeNull();
    for (const junk of ['', '.', 'abc', `${t}.x`, 'x'.repeat(500), `${payload}.`]) expect(tokens.verify(junk, 'c')).toBeNull();
  });
});
