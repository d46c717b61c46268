/**
 * The console's page for a record the server names by type and id: a timeline entry's link
 * (`Opportunity`) or a notification's record (`OPPORTUNITY`). Null where the console has no page
 * for that type (a contact, a quote, an activity, a commission): the name stays plain text.
 */
const PAGES: Record<string, string> = {
  customer: '/customers',
  opportunity: '/opportunities',
  case: '/cases',
  lead: '/leads',
  campaign: '/campaigns',
  partner: '/partners',
  knowledgearticle: '/knowledge',
};

export function recordPath(type: string, id: string): string | null {
  const key = type.replace(/_/g, '').toLowerCase();
  // Own keys only: a type named like an Object.prototype member ("constructor") has no page.
  const page = Object.hasOwn(PAGES, key) ? PAGES[key] : undefined;
  return page ? `${page}/${encodeURIComponent(id)}` : null;
}
