/**
 * Mailbox providers anyone can sign up with: two leads at gmail.com are not one company, so their
 * domain says nothing about the company. A short list of the largest; a miss only adds a candidate
 * to the duplicates query, which a person then judges.
 */
export const FREE_MAIL_DOMAINS: readonly string[] = [
  'gmail.com',
  'googlemail.com',
  'yahoo.com',
  'yahoo.co.uk',
  'hotmail.com',
  'outlook.com',
  'live.com',
  'msn.com',
  'aol.com',
  'icloud.com',
  'me.com',
  'mail.com',
  'gmx.com',
  'gmx.de',
  'gmx.net',
  'web.de',
  'proton.me',
  'protonmail.com',
  'yandex.ru',
  'qq.com',
  '163.com',
];
const FREE_MAIL = new Set(FREE_MAIL_DOMAINS);

/** The company domain of an email address, or null for a free-mail address. */
export function companyDomainOf(email: string): string | null {
  const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
  return domain && !FREE_MAIL.has(domain) ? domain : null;
}
