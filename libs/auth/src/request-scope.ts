import { AsyncLocalStorage } from 'node:async_hooks';
import type { Identity } from './access';

/**
 * The verified caller of the work in progress. Set around every resolver by the access
 * interceptor, read by the UnitOfWork to scope each transaction; no code passes it by hand, so
 * no code path can forget it. Outside any scope (background jobs), the caller is nobody.
 */
const storage = new AsyncLocalStorage<Identity>();

export function runAs<T>(identity: Identity, work: () => T): T {
  return storage.run(identity, work);
}

export function currentIdentity(): Identity | undefined {
  return storage.getStore();
}

/** Platform work no user asked for (consumers, jobs): sees every partner's rows, as internal callers do. */
export const SYSTEM_IDENTITY: Identity = Object.freeze<Identity>({ userId: null, roles: ['admin'], partnerId: null });

/**
 * The value of `app.partner_id` for a caller: its partner id for a partner, `*` (every row) for an
 * internal caller, and empty (no row at all) for nobody. Row-level security reads it.
 */
export function partnerScopeSetting(identity: Identity | undefined): string {
  if (!identity || identity.roles.length === 0) return '';
  if (identity.roles.includes('partner')) return identity.partnerId ?? '';
  return '*';
}

/** The partner a repository must filter by, or null for an internal caller who sees all rows. */
export function scopedPartnerId(): string | null {
  const setting = partnerScopeSetting(currentIdentity());
  // Nobody in scope filters by a value no row has, as row-level security does.
  if (setting === '') return '00000000-0000-0000-0000-000000000000';
  return setting === '*' ? null : setting;
}
