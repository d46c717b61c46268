/**
 * Money as the API sends it: a decimal string, formatted without ever becoming a float
 * (Intl.NumberFormat formats a numeric string exactly), so "0.10" + "0.20" never shows 0.30000000000000004.
 */
export function money(m: { amount: string; currency: string } | null | undefined): string {
  if (!m) return '—';
  const digits = m.amount.includes('.') ? m.amount.split('.')[1]!.length : 0;
  return new Intl.NumberFormat('en', {
    style: 'currency',
    currency: m.currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: Math.max(digits, 2),
  }).format(m.amount as unknown as number);
}

const dateTime = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' });
const date = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' });

export const formatDateTime = (iso: string | null | undefined): string => (iso ? dateTime.format(new Date(iso)) : '—');
export const formatDate = (day: string | null | undefined): string => (day ? date.format(new Date(`${day}T00:00:00Z`)) : '—');

/** LIFECYCLE_STAGE → "Lifecycle stage". */
export const label = (value: string | null | undefined): string =>
  value ? value.charAt(0) + value.slice(1).toLowerCase().replace(/_/g, ' ') : '—';

/** A text field of a submitted form, trimmed; '' when absent (a file input is never text). */
export function textOf(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value.trim() : '';
}
