import type { Session } from './session';

/** The part of the console a session belongs in: the staff's pages, the partner portal or the customer portal. */
export type Area = 'staff' | 'partner' | 'customer';
export const areaOf = (s: Session): Area => (s.roles.includes('partner') ? 'partner' : s.roles.includes('customer') ? 'customer' : 'staff');

/** Where a person lands after signing in: partners and customers in their portals, analysts on the dashboard. */
export function homeOf(s: Session): string {
  const area = areaOf(s);
  if (area === 'partner') return '/partner';
  if (area === 'customer') return '/portal';
  if (s.roles.length === 1 && s.roles[0] === 'analyst') return '/dashboard';
  return '/customers';
}
