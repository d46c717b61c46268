import { digestLinkPath, DIGEST_MAX_LISTED, renderDigest } from './notification-digest-mail';
import type { DigestItem } from './notification-digest.repository';

const item = (over: Partial<DigestItem> = {}): DigestItem => ({
  id: '00000000-0000-4000-8000-000000000001',
  kind: 'ASSIGNED',
  recordType: 'CASE',
  recordId: '00000000-0000-4000-8000-0000000000aa',
  summary: 'Case "Router" was assigned to you',
  createdAt: new Date('2026-03-01T09:30:00Z'),
  ...over,
});
const USER = '00000000-0000-4000-8000-0000000000ff';

describe('renderDigest', () => {
  it('escapes what customers typed in the HTML part and keeps it as written in the text part', () => {
    const mail = renderDigest(USER, 'Ann <b>', [item({ summary: 'Case "<script>alert(1)</script>" & co' })], 'https://crm.example.com/');
    expect(mail.html).toContain('Case &quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot; &amp; co');
    expect(mail.html).toContain('Hello Ann &lt;b&gt;,');
    expect(mail.html).not.toContain('<script>');
    expect(mail.text).toContain('- Case "<script>alert(1)</script>" & co');
    expect(mail.text).toContain('2026-03-01 09:30 UTC: https://crm.example.com/cases/00000000-0000-4000-8000-0000000000aa');
  });

  it('links a record the console has a page for to it, and anything else to the inbox', () => {
    expect(digestLinkPath({ recordType: 'OPPORTUNITY', recordId: 'a/b' })).toBe('/opportunities/a%2Fb');
    expect(digestLinkPath({ recordType: 'ACTIVITY', recordId: 'x' })).toBe('/notifications');
    expect(digestLinkPath({ recordType: 'constructor', recordId: 'x' })).toBe('/notifications');
  });

  it('lists a bounded number and counts the rest; the same notifications make the same Message-ID', () => {
    const many = Array.from({ length: DIGEST_MAX_LISTED + 3 }, (_, i) =>
      item({ id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, summary: `n${i}` }),
    );
    const mail = renderDigest(USER, null, many, 'https://crm.example.com');
    expect(mail.subject).toBe(`${DIGEST_MAX_LISTED + 3} unread notifications`);
    expect(mail.text.match(/^- /gm)).toHaveLength(DIGEST_MAX_LISTED);
    expect(mail.text).toContain('And 3 more in your inbox: https://crm.example.com/notifications');
    expect(renderDigest(USER, null, many, 'https://crm.example.com').messageId).toBe(mail.messageId);
    expect(renderDigest(USER, null, many.slice(1), 'https://crm.example.com').messageId).not.toBe(mail.messageId);
  });
});
