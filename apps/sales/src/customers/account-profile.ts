import { InvalidError } from '@crm/domain';
import type { MoneyInput } from '@crm/graphql';
import { isNegative } from '../opportunities/money-amount';
import type { CustomerEntity } from './customer.entity';
import type { AddressInput } from './customer.input';

export type AccountColumns = Pick<
  CustomerEntity,
  | 'annualRevenue'
  | 'annualRevenueCurrency'
  | 'employeeCount'
  | 'country'
  | 'street'
  | 'city'
  | 'postalCode'
  | 'region'
  | 'yearEstablished'
  | 'parentId'
>;

/** A customer without any account fields: what lead conversion and a bare createCustomer store. */
export const EMPTY_ACCOUNT: AccountColumns = {
  annualRevenue: null,
  annualRevenueCurrency: null,
  employeeCount: null,
  country: null,
  street: null,
  city: null,
  postalCode: null,
  region: null,
  yearEstablished: null,
  parentId: null,
};

interface AccountInput {
  annualRevenue?: MoneyInput | null;
  employeeCount?: number | null;
  country?: string | null;
  address?: AddressInput | null;
  yearEstablished?: number | null;
  parentId?: string | null;
}

/**
 * The account columns an input sets, create and update alike: a field left out is not in the
 * result, null clears it. Checks what the input decorators cannot (a year in the future).
 */
export function accountColumns(input: AccountInput, now = new Date()): Partial<AccountColumns> {
  const out: Partial<AccountColumns> = {};
  if (input.annualRevenue !== undefined) {
    const revenue = input.annualRevenue;
    if (revenue && isNegative(revenue.amount)) throw new InvalidError('annualRevenue.amount', 'must not be negative');
    out.annualRevenue = revenue?.amount ?? null;
    out.annualRevenueCurrency = revenue?.currency.toUpperCase() ?? null;
  }
  if (input.yearEstablished != null && input.yearEstablished > now.getUTCFullYear()) {
    throw new InvalidError('yearEstablished', 'must not lie in the future');
  }
  for (const field of ['employeeCount', 'country', 'yearEstablished', 'parentId'] as const) {
    if (input[field] !== undefined) (out as Record<string, unknown>)[field] = input[field];
  }
  if (input.parentId) out.parentId = input.parentId.toLowerCase();
  if (input.address !== undefined) {
    const a = input.address;
    Object.assign(out, { street: a?.street ?? null, city: a?.city ?? null, postalCode: a?.postalCode ?? null, region: a?.region ?? null });
  }
  return out;
}
