import { ValidateBy, type ValidationOptions } from 'class-validator';

// Region/City names ("America/Argentina/Buenos_Aires") and the few bare ones ("UTC"): Intl also
// takes offsets ("+01:00") as time zones, which follow no daylight saving rules and are no place.
const IANA_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){0,2}$/;

/** The canonical IANA name of a time zone ("europe/berlin" and "Europe/Berlin" alike), or null when it is none. */
export function canonicalTimeZone(value: string): string | null {
  if (!IANA_NAME.test(value)) return null;
  try {
    return new Intl.DateTimeFormat('en', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** An IANA time zone name; the input keeps the canonical spelling (see the Transform beside it). */
export const IsIanaTimeZone = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isIanaTimeZone',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && canonicalTimeZone(value) === value,
        defaultMessage: () => 'timeZone must be an IANA time zone such as Europe/Berlin',
      },
    },
    options,
  );

/** For @Transform: the canonical spelling when it is a time zone, the value untouched otherwise (the validator then refuses it). */
export const toCanonicalTimeZone = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? (canonicalTimeZone(value.trim()) ?? value) : value;
