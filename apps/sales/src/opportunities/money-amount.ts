import Decimal from 'decimal.js';

const digitsByCurrency = new Map<string, number>();

/** Digits after the point in the currency's minor unit (2 for EUR, 0 for JPY, 3 for KWD). */
export function minorDigits(currency: string): number {
  // Building a NumberFormat costs tens of microseconds, and a bulk import formats thousands of amounts.
  let digits = digitsByCurrency.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsByCurrency.set(currency, digits);
  }
  return digits;
}

/**
 * A stored `numeric` as clients see it: at least the currency's minor digits, and any further
 * non-zero digits kept ("1250.0000" EUR → "1250.00", "0.1250" EUR → "0.125"). Exact: no float.
 */
export function formatAmount(amount: string, currency: string): string {
  const d = new Decimal(amount);
  const minor = minorDigits(currency);
  return d.decimalPlaces() > minor ? d.toFixed() : d.toFixed(minor);
}

export const isNegative = (amount: string): boolean => new Decimal(amount).isNegative() && !new Decimal(amount).isZero();

/** A decimal without its trailing zeros: numeric(19,4)'s "2.5000" reads as "2.5". */
export const plainDecimal = (d: string): string => (d.includes('.') ? d.replace(/\.?0+$/, '') : d);
