/**
 * Analytics' segment rule language as the builder offers it. The graph publishes the language only
 * as CreateSegmentInput.rule's description (the fields, the operators), so its shape is written
 * down here: each field with its type, and only the operators analytics accepts for that type
 * (ordering compares numbers and times, never text). Values are the server's to judge: a value it
 * refuses comes back as BAD_USER_INPUT naming its path in the rule (rule.all.1.value), and the
 * builder shows that beside the condition.
 */
export type FieldType = 'string' | 'integer' | 'decimal' | 'timestamp';

export const RULE_FIELDS = {
  industry: { label: 'Industry', type: 'string' },
  tier: { label: 'Tier (1 is the top)', type: 'integer' },
  country: { label: 'Country (ISO code)', type: 'string' },
  loyaltyTier: { label: 'Loyalty tier', type: 'string' },
  churnRisk: { label: 'Churn risk (0 to 1)', type: 'decimal' },
  lastInteractionAt: { label: 'Last interaction', type: 'timestamp' },
  emailOpens: { label: 'Email opens', type: 'integer' },
  emailClicks: { label: 'Email clicks', type: 'integer' },
  lifetimeValue: { label: 'Lifetime value', type: 'decimal', currency: true },
} as const satisfies Record<string, { label: string; type: FieldType; currency?: boolean }>;
export type RuleFieldName = keyof typeof RULE_FIELDS;

export const OPERATORS = {
  eq: 'is',
  ne: 'is not',
  lt: 'is less than',
  lte: 'is at most',
  gt: 'is more than',
  gte: 'is at least',
  in: 'is one of',
  notIn: 'is none of',
  between: 'is between',
  isSet: 'has a value',
} as const;
export type RuleOperator = keyof typeof OPERATORS;

const TEXT_OPERATORS: readonly RuleOperator[] = ['eq', 'ne', 'in', 'notIn', 'isSet'];
const ALL_OPERATORS = Object.keys(OPERATORS) as RuleOperator[];

/** The operators analytics accepts on a field: ordering never on text. */
export const operatorsOf = (field: RuleFieldName): readonly RuleOperator[] =>
  RULE_FIELDS[field].type === 'string' ? TEXT_OPERATORS : ALL_OPERATORS;

/** Analytics' limit on the rules of one all/any. */
export const MAX_CONDITIONS = 20;

/**
 * One condition as its form holds it: the value as typed. A list (in, notIn) and a range (between)
 * are comma-separated; isSet is "true" or "false"; a time is a UTC day (YYYY-MM-DD) or a date-time.
 */
export interface ConditionDraft {
  field: RuleFieldName;
  op: RuleOperator;
  value: string;
  currency: string;
  /** Wrapped in {"not": ...}. */
  negate: boolean;
}

/** The rules the builder draws: all or any of a list of conditions, each possibly negated. */
export interface RuleDraft {
  combinator: 'all' | 'any';
  conditions: ConditionDraft[];
}

export const newCondition = (): ConditionDraft => ({ field: 'industry', op: 'eq', value: '', currency: 'EUR', negate: false });

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const NUMBER = /^-?\d+(\.\d+)?$/;

/** A typed value as JSON of the field's type; what does not look like one is sent as typed, for the server to name. */
function scalar(type: FieldType, text: string): string | number {
  const t = text.trim();
  if (type === 'integer') return NUMBER.test(t) ? Number(t) : t;
  if (type === 'timestamp') return DAY.test(t) ? `${t}T00:00:00Z` : t;
  // Decimals travel as strings: analytics keeps them exact.
  return t;
}

function conditionJson(c: ConditionDraft): Record<string, unknown> {
  const { type } = RULE_FIELDS[c.field];
  let value: unknown;
  if (c.op === 'isSet') value = c.value !== 'false';
  else if (c.op === 'in' || c.op === 'notIn' || c.op === 'between') {
    value = c.value.split(',').map((v) => scalar(type, v));
  } else value = scalar(type, c.value);
  const cond = {
    field: c.field,
    op: c.op,
    value,
    ...('currency' in RULE_FIELDS[c.field] ? { currency: c.currency.trim().toUpperCase() } : {}),
  };
  return c.negate ? { not: cond } : cond;
}

/** The rule's JSON text, as createSegment and updateSegment take it. */
export const ruleText = (draft: RuleDraft): string => JSON.stringify({ [draft.combinator]: draft.conditions.map(conditionJson) });

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function valueText(value: unknown): string | null {
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'string' || typeof value === 'number') {
    const s = String(value);
    // A time the server normalised (2026-01-31T00:00:00.000Z) shows as its day when it is midnight UTC.
    const midnight = /^(\d{4}-\d{2}-\d{2})T00:00:00(\.000)?Z$/.exec(s);
    return midnight ? midnight[1]! : s;
  }
  if (Array.isArray(value)) {
    const items = value.map(valueText);
    return items.every((i): i is string => i !== null) ? items.join(', ') : null;
  }
  return null;
}

function conditionDraft(v: unknown): ConditionDraft | null {
  const negate = isObject(v) && Object.keys(v).length === 1 && 'not' in v;
  const c = negate ? (v as { not: unknown }).not : v;
  if (!isObject(c) || typeof c.field !== 'string' || !Object.hasOwn(RULE_FIELDS, c.field)) return null;
  const field = c.field as RuleFieldName;
  if (typeof c.op !== 'string' || !operatorsOf(field).includes(c.op as RuleOperator)) return null;
  const value = valueText(c.value);
  if (value === null) return null;
  return { field, op: c.op as RuleOperator, value, currency: typeof c.currency === 'string' ? c.currency : 'EUR', negate };
}

/**
 * A stored rule as the builder's draft, or null when it is more than the builder draws (nested
 * all/any, a not around a group): such a rule is edited as its JSON.
 */
export function ruleDraft(text: string): RuleDraft | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObject(json)) return null;
  const combinator = 'all' in json ? 'all' : 'any' in json ? 'any' : null;
  const items = combinator ? json[combinator] : [json];
  if (!Array.isArray(items) || (combinator && Object.keys(json).length !== 1)) return null;
  const conditions = items.map(conditionDraft);
  return conditions.every((c): c is ConditionDraft => c !== null) ? { combinator: combinator ?? 'all', conditions } : null;
}

/** Where a condition's parts are in the rule's JSON, as the server's refusals name them: rule.all.1.value. */
export const conditionPath = (draft: RuleDraft, index: number): string =>
  `rule.${draft.combinator}.${index}${draft.conditions[index]?.negate ? '.not' : ''}`;
