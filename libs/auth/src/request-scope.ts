import type { Identity } from './access';

/**
 * Platform work no user asked for (consumers, jobs): sees every partner's rows, as internal
 * callers do. Whoever runs such work passes it explicitly, as a resolver passes its caller.
 */
export const SYSTEM_IDENTITY: Identity = Object.freeze<Identity>({ userId: null, roles: ['admin'], partnerId: null });

/**
 * The value of `app.partner_id` for a caller: its partner id for a partner, `*` (every row) for an
 * internal caller, and empty (no row at all) for nobody. Row-level security reads it.
 */
export function partnerScopeSetting(caller: Identity): string {
  if (caller.roles.length === 0) return '';
  if (caller.roles.includes('partner')) return caller.partnerId ?? '';
  return '*';
}

/** The partner a repository must filter by for this caller, or null for an internal caller who sees all rows. */
export function scopedPartnerId(caller: Identity): string | null {
  const setting = partnerScopeSetting(caller);
  // Nobody filters by a value no row has, as row-level security does.
  if (setting === '') return '00000000-0000-0000-0000-000000000000';
  return setting === '*' ? null : setting;
}

/**
 * The value of `app.customer_id` for a caller: its customer for a contact using the portal (the
 * customer role), `*` (every row) for every other caller with a role, and empty (no row) for nobody.
 */
export function customerScopeSetting(caller: Identity): string {
  if (caller.roles.length === 0) return '';
  if (caller.roles.includes('customer')) return caller.customerId ?? '';
  return '*';
}

/** The customer a repository must filter by for this caller, or null for a caller who sees every customer's rows. */
export function scopedCustomerId(caller: Identity): string | null {
  const setting = customerScopeSetting(caller);
  if (setting === '') return '00000000-0000-0000-0000-000000000000';
  return setting === '*' ? null : setting;
}
