import { InvalidError } from '@crm/domain';
import Decimal from 'decimal.js';
import { minorDigits } from '../opportunities/money-amount';

export interface PricedLine {
  quantity: string;
  unitPrice: string;
  /** 0 to 100. */
  discountPercent: string;
  /** 0 to 100. */
  taxPercent: string;
}

export interface LineTotals {
  net: string;
  tax: string;
  total: string;
}

export interface QuoteTotals {
  lines: LineTotals[];
  subtotal: string;
  tax: string;
  total: string;
}

// Enough digits that no intermediate product of 4-decimal amounts is ever rounded.
const D = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_UP });

/**
 * Exact decimal totals. Each line is rounded once, to the currency's minor unit, half up:
 * net = quantity × unit price × (1 − discount/100), tax = net × tax/100. The quote's totals are
 * the sums of the rounded lines, so the lines a customer reads always add up to the total.
 */
export function quoteTotals(lines: PricedLine[], currency: string): QuoteTotals {
  const digits = minorDigits(currency);
  const round = (d: Decimal) => d.toDecimalPlaces(digits, Decimal.ROUND_HALF_UP);
  let subtotal = new D(0);
  let tax = new D(0);
  const out = lines.map((l) => {
    const gross = new D(l.quantity).times(l.unitPrice);
    const net = round(gross.times(new D(100).minus(l.discountPercent)).dividedBy(100));
    const lineTax = round(net.times(l.taxPercent).dividedBy(100));
    subtotal = subtotal.plus(net);
    tax = tax.plus(lineTax);
    return { net: net.toFixed(digits), tax: lineTax.toFixed(digits), total: net.plus(lineTax).toFixed(digits) };
  });
  return { lines: out, subtotal: subtotal.toFixed(digits), tax: tax.toFixed(digits), total: subtotal.plus(tax).toFixed(digits) };
}

/** numeric(19,4) holds 15 integer digits. */
export const MAX_AMOUNT = '999999999999999';

/** The bounds every line of a quote or a deal keeps, checked before anything is read or written. */
export function checkLines(
  lines: { quantity: string; unitPrice?: string | undefined; discountPercent: string; taxPercent?: string }[],
): void {
  lines.forEach((l, i) => {
    if (!isPositive(l.quantity)) throw new InvalidError(`lines.${i}.quantity`, 'must be more than 0');
    if (l.unitPrice !== undefined && !decimalWithin(l.unitPrice, '0', MAX_AMOUNT))
      throw new InvalidError(`lines.${i}.unitPrice`, 'must not be negative');
    if (!decimalWithin(l.discountPercent, '0', '100')) throw new InvalidError(`lines.${i}.discountPercent`, 'must be between 0 and 100');
    if (l.taxPercent !== undefined && !decimalWithin(l.taxPercent, '0', '100'))
      throw new InvalidError(`lines.${i}.taxPercent`, 'must be between 0 and 100');
  });
}

/** Inside [min, max], compared exactly. */
export function decimalWithin(value: string, min: string, max: string): boolean {
  const d = new D(value);
  return d.greaterThanOrEqualTo(min) && d.lessThanOrEqualTo(max);
}

export const isPositive = (value: string): boolean => new D(value).greaterThan(0);
