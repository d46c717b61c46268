/**
 * What an opportunity opened by another service's event gets when the event leaves it out (lead
 * conversion, deal registration): a zero amount in this currency, to be priced later, and a close
 * date this many days after the event.
 */
export const UNPRICED_CURRENCY = 'USD';
export const DEFAULT_CLOSE_DAYS = 90;

/** The calendar day (UTC) DEFAULT_CLOSE_DAYS after `at`, as YYYY-MM-DD. */
export function defaultCloseDate(at: Date): string {
  return new Date(at.getTime() + DEFAULT_CLOSE_DAYS * 86_400_000).toISOString().slice(0, 10);
}
