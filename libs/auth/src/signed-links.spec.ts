import { SignedLinks } from './signed-links';

describe('SignedLinks', () => {
  const links = new SignedLinks('a-test-secret-of-at-least-32-characters');
  const later = new Date(Date.now() + 60_000);

  it('gives back the fields of a token it signed, until it expires', () => {
    const token = links.sign(['case-1', 'contact-2'], later);
    expect(links.verify(token)).toEqual({ fields: ['case-1', 'contact-2'] });
    expect(links.verify(token, new Date(later.getTime() + 1000))).toBe('expired');
  });

  it('refuses a token signed with another secret, altered, truncated or padded', () => {
    const token = links.sign(['case-1'], later);
    const [payload, mac] = token.split('.') as [string, string];
    const otherPayload = Buffer.from(`case-2:${Math.floor(later.getTime() / 1000)}`).toString('base64url');
    for (const forged of [
      new SignedLinks('another-secret-of-at-least-32-characters').sign(['case-1'], later),
      `${otherPayload}.${mac}`,
      `${payload}.${mac.slice(0, -1)}`,
      `${payload}.${mac}.x`,
      payload,
      '',
      `${payload}.${mac}${'A'.repeat(400)}`,
    ]) {
      expect(links.verify(forged)).toBe('invalid');
    }
  });

  it('signs no field with a ":" in it, and needs a long secret', () => {
    expect(() => links.sign(['a:b'], later)).toThrow(/":"/);
    expect(() => new SignedLinks('short')).toThrow(/32 characters/);
  });
});
