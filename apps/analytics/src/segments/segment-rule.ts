import { InvalidError } from '@crm/domain';
import { RFM_SEGMENTS } from '../intelligence/rfm-segment';

/**
 * The segment rule language: a JSON tree, small on purpose so that every rule compiles to one
 * parameterised SQL condition over the customer profile (segment-rule-sql.ts).
 *
 *   { "all": [rule, ...] }       every rule holds (1 to 20 rules)
 *   { "any": [rule, ...] }       at least one holds
 *   { "not": rule }              the rule does not hold
 *   { "field": F, "op": O, "value": V }                    a condition on a profile field
 *   { "field": "lifetimeValue", "currency": "EUR", ... }   money fields name their currency
 *   { "field": "rfmSegment", "currency": "EUR", "op": "in", "value": ["Champions", "At Risk"] }
 *
 * Operators: eq, ne, lt, lte, gt, gte (lt..gte on numbers and times only), in and notIn (a list of
 * 1 to 100 values), between ([low, high], both included), isSet (true or false: the customer has a
 * value at all). A customer without a value matches no comparison, so `not` of one matches it.
 */
export type FieldType = 'string' | 'integer' | 'decimal' | 'timestamp';

export interface RuleField {
  type: FieldType;
  description: string;
  /** Takes a `currency` (ISO 4217): money is never converted, so a range is in one currency. */
  currency?: boolean;
  /** Bounds of a number field, inclusive. */
  min?: number;
  max?: number;
  /** Values are compared as stored, after this (country codes are upper case). */
  normalise?: (s: string) => string;
  /** The only values it takes (matched ignoring case, kept as written here); another is refused, named. */
  values?: readonly string[];
}

/** The fields a rule may name: the customer profile's columns, each with its type. */
export const RULE_FIELDS = {
  industry: { type: 'string', description: "The customer's industry, as sales records it." },
  tier: { type: 'integer', description: "The customer's tier in sales (1 is the top tier)." },
  country: { type: 'string', description: 'ISO 3166-1 alpha-2 country code.', normalise: (s) => s.toUpperCase() },
  loyaltyTier: { type: 'string', description: "The customer's loyalty tier in marketing's programme (e.g. Gold)." },
  churnRisk: { type: 'decimal', min: 0, max: 1, description: 'Churn risk score, 0 to 1.' },
  lastInteractionAt: {
    type: 'timestamp',
    description: 'When the customer last engaged: a touchpoint other than a support case or an automated task, as churn risk counts them.',
  },
  emailOpens: { type: 'integer', min: 0, description: 'Campaign emails the customer opened, all campaigns.' },
  emailClicks: { type: 'integer', min: 0, description: 'Campaign emails the customer clicked, all campaigns.' },
  lifetimeValue: { type: 'decimal', currency: true, min: 0, description: 'Won revenue to date in `currency` (0 without wins).' },
  rfmSegment: {
    type: 'string',
    currency: true,
    values: RFM_SEGMENTS,
    description:
      "The customer's RFM segment in `currency`, as Customer.intelligence.rfm names it; not set without a win in it. Relative to every customer that bought in the currency, so others' wins move it: a recompute brings a segment up to date.",
  },
} satisfies Record<string, RuleField>;

export type RuleFieldName = keyof typeof RULE_FIELDS;
const FIELDS: Readonly<Record<string, RuleField>> = RULE_FIELDS;

export const RULE_OPERATORS = ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'in', 'notIn', 'between', 'isSet'] as const;
export type RuleOperator = (typeof RULE_OPERATORS)[number];
const ORDERED_ONLY: readonly RuleOperator[] = ['lt', 'lte', 'gt', 'gte', 'between'];

export type RuleValue = string | number;

export type Rule =
  | { all: Rule[] }
  | { any: Rule[] }
  | { not: Rule }
  | { field: RuleFieldName; op: RuleOperator; value: RuleValue | RuleValue[] | boolean; currency?: string };

/** Limits that keep a rule a rule: a handful of conditions, not a program. */
export const RULE_LIMITS = { depth: 6, conditions: 50, list: 100, branches: 20, text: 10_000, string: 200 } as const;

const DECIMAL = /^-?\d{1,15}(\.\d{1,4})?$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (items: readonly string[]): string => items.join(', ');

/**
 * Reads a rule from its JSON text and checks it against the language; a refusal names the path of
 * what is wrong inside the rule (`rule.all.1.value`). Returns the rule with its values normalised
 * (decimals as strings, times in UTC).
 */
export function parseRule(text: string, path = 'rule'): Rule {
  if (text.length > RULE_LIMITS.text) throw new InvalidError(path, `must be at most ${RULE_LIMITS.text} characters of JSON`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new InvalidError(path, 'must be JSON text');
  }
  return checkRule(json, path);
}

/** Checks a rule already parsed from JSON (a stored definition, an event's). */
export function checkRule(json: unknown, path = 'rule'): Rule {
  const count = { conditions: 0 };
  return node(json, path, 1, count);
}

function node(v: unknown, path: string, depth: number, count: { conditions: number }): Rule {
  if (!isObject(v))
    throw new InvalidError(path, 'must be an object: {"all": [...]}, {"any": [...]}, {"not": {...}} or {"field", "op", "value"}');
  if (depth > RULE_LIMITS.depth) throw new InvalidError(path, `nests deeper than ${RULE_LIMITS.depth} levels`);
  const keys = Object.keys(v);
  for (const combinator of ['all', 'any'] as const) {
    if (!(combinator in v)) continue;
    only(keys, [combinator], path);
    const rules = v[combinator];
    if (!Array.isArray(rules) || rules.length < 1 || rules.length > RULE_LIMITS.branches) {
      throw new InvalidError(`${path}.${combinator}`, `must be a list of 1 to ${RULE_LIMITS.branches} rules`);
    }
    const children = rules.map((r, i) => node(r, `${path}.${combinator}.${i}`, depth + 1, count));
    return combinator === 'all' ? { all: children } : { any: children };
  }
  if ('not' in v) {
    only(keys, ['not'], path);
    return { not: node(v.not, `${path}.not`, depth + 1, count) };
  }
  if ('field' in v) return condition(v, path, count);
  throw new InvalidError(path, 'must have one of all, any, not or field');
}

/** Refuses a key the shape does not have, naming it. */
function only(keys: readonly string[], allowed: readonly string[], path: string): void {
  const extra = keys.find((k) => !allowed.includes(k));
  if (extra !== undefined) throw new InvalidError(`${path}.${extra}`, `is not part of this rule; it takes ${list(allowed)}`);
}

function condition(v: Record<string, unknown>, path: string, count: { conditions: number }): Rule {
  if (++count.conditions > RULE_LIMITS.conditions) throw new InvalidError(path, `a rule has at most ${RULE_LIMITS.conditions} conditions`);
  const name = v.field;
  const field = typeof name === 'string' && Object.hasOwn(FIELDS, name) ? FIELDS[name]! : null;
  if (!field) throw new InvalidError(`${path}.field`, `must be one of ${list(Object.keys(RULE_FIELDS))}`);
  const named = name as RuleFieldName;
  only(Object.keys(v), field.currency ? ['field', 'op', 'value', 'currency'] : ['field', 'op', 'value'], path);
  const op = v.op as RuleOperator;
  if (typeof v.op !== 'string' || !RULE_OPERATORS.includes(op))
    throw new InvalidError(`${path}.op`, `must be one of ${list(RULE_OPERATORS)}`);
  if (ORDERED_ONLY.includes(op) && field.type === 'string') {
    throw new InvalidError(`${path}.op`, `${op} compares numbers and times; ${named} is text: use eq, ne, in, notIn or isSet`);
  }
  let currency: string | undefined;
  if (field.currency) {
    if (typeof v.currency !== 'string' || !/^[A-Z]{3}$/.test(v.currency)) {
      throw new InvalidError(`${path}.currency`, `${named} needs an ISO 4217 currency such as EUR`);
    }
    currency = v.currency;
  }
  const at = `${path}.value`;
  let value: RuleValue | RuleValue[] | boolean;
  if (op === 'isSet') {
    if (typeof v.value !== 'boolean') throw new InvalidError(at, 'isSet takes true or false');
    value = v.value;
  } else if (op === 'in' || op === 'notIn' || op === 'between') {
    const n = op === 'between' ? [2, 2] : [1, RULE_LIMITS.list];
    if (!Array.isArray(v.value) || v.value.length < n[0]! || v.value.length > n[1]!) {
      throw new InvalidError(at, op === 'between' ? 'between takes [low, high]' : `${op} takes a list of 1 to ${RULE_LIMITS.list} values`);
    }
    value = v.value.map((item, i) => scalar(field, named, item, `${at}.${i}`));
    if (op === 'between' && compare(field.type, value[0]!, value[1]!) > 0) throw new InvalidError(at, 'low must not be above high');
  } else {
    value = scalar(field, named, v.value, at);
  }
  return currency ? { field: named, op, value, currency } : { field: named, op, value };
}

/** One value of the field's type, normalised; refused naming its path and what was expected. */
function scalar(field: RuleField, name: string, v: unknown, path: string): RuleValue {
  switch (field.type) {
    case 'string': {
      if (typeof v !== 'string' || v.trim() === '' || v.length > RULE_LIMITS.string) {
        throw new InvalidError(path, `${name} takes text of 1 to ${RULE_LIMITS.string} characters`);
      }
      const s = v.trim();
      if (field.values) {
        const known = field.values.find((k) => k.toLowerCase() === s.toLowerCase());
        if (known === undefined) throw new InvalidError(path, `"${s}" is not one of the ${name} values: ${list(field.values)}`);
        return known;
      }
      return field.normalise ? field.normalise(s) : s;
    }
    case 'integer':
      if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw new InvalidError(path, `${name} takes a whole number`);
      inRange(field, name, v, path);
      return v;
    case 'decimal': {
      const s = typeof v === 'number' && Number.isFinite(v) ? String(v) : v;
      if (typeof s !== 'string' || !DECIMAL.test(s)) throw new InvalidError(path, `${name} takes a number (at most 4 decimal places)`);
      inRange(field, name, Number(s), path);
      return s;
    }
    case 'timestamp': {
      const at = typeof v === 'string' && INSTANT.test(v) ? new Date(v) : null;
      if (!at || Number.isNaN(at.getTime()))
        throw new InvalidError(path, `${name} takes a date-time with its offset, e.g. 2026-01-31T00:00:00Z`);
      return at.toISOString();
    }
  }
}

function inRange(field: RuleField, name: string, n: number, path: string): void {
  if ((field.min !== undefined && n < field.min) || (field.max !== undefined && n > field.max)) {
    const range = field.max === undefined ? `at least ${field.min}` : `from ${field.min} to ${field.max}`;
    throw new InvalidError(path, `${name} is ${range}`);
  }
}

function compare(type: FieldType, a: RuleValue, b: RuleValue): number {
  if (type === 'timestamp') return Date.parse(a as string) - Date.parse(b as string);
  return Number(a) - Number(b);
}
