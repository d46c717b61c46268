import Decimal from 'decimal.js';

/** Enough significant digits for numeric(19,4) × numeric(7,4) with nothing rounded on the way. */
const Exact = Decimal.clone({ precision: 40 });

/**
 * base × ratePercent / 100, exact, as numeric(19,4) keeps it: a fifth decimal place or more (only
 * when the rate itself has decimals) is rounded half up, once, at the end.
 */
export function commissionAmount(base: string, ratePercent: string): string {
  return new Exact(base).times(ratePercent).dividedBy(100).toDecimalPlaces(4, Decimal.ROUND_HALF_UP).toFixed(4);
}

/** A decimal as numeric(19,4) gives it back ("7.5" → "7.5000"), so what was written reads the same as what is stored. */
export function asNumeric4(value: string): string {
  return new Exact(value).toFixed(4);
}

/** Whether a decimal string is above `max`. */
export const exceeds = (value: string, max: number): boolean => new Exact(value).greaterThan(max);
