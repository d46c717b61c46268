import type { Session } from './session';

/** Where a person lands after signing in: partners in their portal, analysts on the dashboard. */
export function homeOf(s: Session): string {
  if (s.roles.includes('partner')) return '/partner';
  if (s.roles.length === 1 && s.roles[0] === 'analyst') return '/dashboard';
  return '/customers';
}
