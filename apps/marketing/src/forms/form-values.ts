import { PHONE_PATTERN } from '@crm/graphql';
import { isEmail, isISO31661Alpha2 } from 'class-validator';
import { EMAIL_MAX, EMPLOYEES_MAX, NAME_MAX } from '../leads/lead.input';
import type { FormFieldMapping, LeadAttribute, WebFormEntity } from './web-form.entity';

/** A submission's values, by lead attribute, after checking. */
export type FormValues = Partial<Record<LeadAttribute, string>>;

export interface FieldError {
  field: string;
  message: string;
}

export interface ParsedSubmission {
  values: FormValues & { EMAIL: string };
  /** The lead's name: the NAME field, else first and last name, else the email's local part. */
  name: string;
  consentGiven: boolean;
  utmSource: string | null;
  utmMedium: string | null;
  utmTerm: string | null;
}

/** The inputs every form understands besides its field map. */
export const CONSENT_FIELD = 'consent';
export const UTM_FIELDS = { utmSource: 'utm_source', utmMedium: 'utm_medium', utmTerm: 'utm_term' } as const;
const UTM_MAX = 100;
const TICKED = new Set(['on', 'true', 'yes', '1']);

const MAX_LENGTH: Record<LeadAttribute, number> = {
  EMAIL: EMAIL_MAX,
  NAME: NAME_MAX,
  FIRST_NAME: 100,
  LAST_NAME: 100,
  COMPANY: 200,
  TITLE: 100,
  PHONE: 30,
  COUNTRY: 2,
  INDUSTRY: 100,
  EMPLOYEE_COUNT: 8,
};

/** How each attribute is normalised, and why a value is refused (null: accepted). */
const CHECKS: Partial<Record<LeadAttribute, { normalise?: (v: string) => string; refuse: (v: string) => string | null }>> = {
  EMAIL: { normalise: (v) => v.toLowerCase(), refuse: (v) => (isEmail(v) ? null : 'must be an email address') },
  PHONE: { refuse: (v) => (PHONE_PATTERN.test(v) ? null : 'must be a phone number') },
  COUNTRY: {
    normalise: (v) => v.toUpperCase(),
    refuse: (v) => (isISO31661Alpha2(v) ? null : 'must be an ISO 3166-1 alpha-2 country code'),
  },
  EMPLOYEE_COUNT: {
    refuse: (v) =>
      /^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= EMPLOYEES_MAX ? null : `must be a whole number from 1 to ${EMPLOYEES_MAX}`,
  },
};

/** A posted value as one string: a form field posted twice, or an object in JSON, is not a value. */
function single(raw: unknown): string | undefined | null {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === 'string') return raw.trim();
  if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
  return null;
}

/** A hidden field the visitor may not see: an unusable value falls back to the form's own. */
function hidden(body: Record<string, unknown>, name: string, fallback: string | null): string | null {
  const v = single(body[name]);
  return v && v.length <= UTM_MAX ? v : fallback;
}

/** True when the honeypot field carries anything: a bot filled it. */
export function honeypotFilled(form: WebFormEntity, body: Record<string, unknown>): boolean {
  const v = body[form.honeypotField];
  return v !== undefined && v !== null && v !== '';
}

/** The lead attributes a web form or an import fills, every one of them. */
export const LEAD_ATTRIBUTES = Object.keys(MAX_LENGTH) as LeadAttribute[];

/**
 * Checks values against a field map (a form's, or an import's column mapping): the normalised
 * values by attribute, and every refused field by its name, so a person can fix them all at once.
 */
export function checkFields(
  fieldMap: readonly Pick<FormFieldMapping, 'field' | 'attribute' | 'required'>[],
  body: Record<string, unknown>,
): { values: FormValues; errors: FieldError[] } {
  const values: FormValues = {};
  const errors: FieldError[] = [];
  for (const { field, attribute, required: flagged } of fieldMap) {
    // Leads are found by email: the EMAIL field is required whatever the map says.
    const required = flagged || attribute === 'EMAIL';
    const raw = single(body[field]);
    if (raw === null) {
      errors.push({ field, message: `${field} must be a single value` });
      continue;
    }
    if (!raw) {
      if (required) errors.push({ field, message: `${field} is required` });
      continue;
    }
    const check = CHECKS[attribute];
    const value = check?.normalise ? check.normalise(raw) : raw;
    const refusal =
      value.length > MAX_LENGTH[attribute] && attribute !== 'COUNTRY'
        ? `must be at most ${MAX_LENGTH[attribute]} characters`
        : (check?.refuse(value) ?? null);
    if (refusal) errors.push({ field, message: `${field} ${refusal}` });
    else values[attribute] = value;
  }
  return { values, errors };
}

/** The lead's name from checked values: NAME, else first and last name, else the email's local part. */
export const leadNameOf = (values: FormValues, email: string): string =>
  values.NAME ?? ([values.FIRST_NAME, values.LAST_NAME].filter(Boolean).join(' ') || email.slice(0, email.indexOf('@')));

/** Checks a post against the form's field map: every refused field is named, so a person can fix them all at once. */
export function parseSubmission(form: WebFormEntity, body: Record<string, unknown>): ParsedSubmission | FieldError[] {
  const { values, errors } = checkFields(form.fieldMap, body);
  if (errors.length) return errors;
  const email = values.EMAIL;
  if (!email)
    return [{ field: form.fieldMap.find((m) => m.attribute === 'EMAIL')?.field ?? 'email', message: 'an email address is required' }];
  const consent = single(body[CONSENT_FIELD]);
  return {
    values: { ...values, EMAIL: email },
    name: leadNameOf(values, email),
    consentGiven: form.consentText !== null && typeof consent === 'string' && TICKED.has(consent.toLowerCase()),
    utmSource: hidden(body, UTM_FIELDS.utmSource, form.utmSource),
    utmMedium: hidden(body, UTM_FIELDS.utmMedium, form.utmMedium),
    utmTerm: hidden(body, UTM_FIELDS.utmTerm, form.utmTerm),
  };
}
