import { createHash } from 'node:crypto';
import { escapeHtml } from '@crm/subgraph';
import type { DigestItem } from './notification-digest.repository';

/** At most this many notifications are listed one by one; the rest are counted, with the inbox's link. */
export const DIGEST_MAX_LISTED = 50;

/**
 * The console's page for a notification's record (as its `recordPath` does); the inbox for a record
 * it has no page for (a contact, an activity, a deal registration).
 */
const PAGES: Record<string, string> = {
  CUSTOMER: '/customers',
  OPPORTUNITY: '/opportunities',
  CASE: '/cases',
  LEAD: '/leads',
  PARTNER: '/partners',
};

export const digestLinkPath = (item: Pick<DigestItem, 'recordType' | 'recordId'>): string => {
  const page = Object.hasOwn(PAGES, item.recordType) ? PAGES[item.recordType] : undefined;
  return page ? `${page}/${encodeURIComponent(item.recordId)}` : '/notifications';
};

export interface DigestMail {
  subject: string;
  text: string;
  html: string;
  /** The same for the same notifications, so a digest sent again after a crash is one message to a mailbox that deduplicates. */
  messageId: string;
}

const when = (d: Date): string => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/**
 * One user's digest, newest first. Summaries carry what customers and partners typed (a case
 * subject, a company name): the HTML part escapes every one, and the text part needs no escaping.
 */
export function renderDigest(userId: string, name: string | null, items: DigestItem[], publicUrl: string): DigestMail {
  const origin = publicUrl.replace(/\/+$/, '');
  const listed = items.slice(0, DIGEST_MAX_LISTED);
  const more = items.length - listed.length;
  const inbox = `${origin}/notifications`;
  const preferences = `${origin}/notifications/preferences`;
  const subject = `${items.length} unread notification${items.length === 1 ? '' : 's'}`;
  const greeting = name ? `Hello ${name},` : 'Hello,';

  const text = [
    greeting,
    '',
    `You have ${subject}:`,
    '',
    ...listed.map((n) => `- ${n.summary}\n  ${when(n.createdAt)}: ${origin}${digestLinkPath(n)}`),
    ...(more > 0 ? ['', `And ${more} more in your inbox: ${inbox}`] : []),
    '',
    `Choose what this digest lists: ${preferences}`,
  ].join('\n');

  const html = [
    '<!doctype html><html><body>',
    `<p>${escapeHtml(greeting)}</p>`,
    `<p>You have ${escapeHtml(subject)}:</p>`,
    '<ul>',
    ...listed.map(
      (n) =>
        `<li><a href="${escapeHtml(origin + digestLinkPath(n))}">${escapeHtml(n.summary)}</a><br><small>${escapeHtml(when(n.createdAt))}</small></li>`,
    ),
    '</ul>',
    ...(more > 0 ? [`<p>And ${more} more in <a href="${escapeHtml(inbox)}">your inbox</a>.</p>`] : []),
    `<p><a href="${escapeHtml(preferences)}">Choose what this digest lists</a>.</p>`,
    '</body></html>',
  ].join('\n');

  const batch = createHash('sha256')
    .update(items.map((n) => n.id).join(','))
    .digest('hex')
    .slice(0, 24);
  return { subject, text, html, messageId: `<digest-${userId}-${batch}@crm.analytics>` };
}
