import { RULE_FIELDS, type FieldType, type Rule, type RuleFieldName } from './segment-rule';

/** A rule as SQL: a condition over the profile `p` (segments.customer_profile) and its parameters. */
export interface CompiledRule {
  where: string;
  params: unknown[];
}

const CAST: Record<FieldType, string> = { string: 'text', integer: 'int', decimal: 'numeric', timestamp: 'timestamptz' };

/** The profile's column of each field; money by currency is a sum over the warehouse's won deals. */
const COLUMNS: Record<RuleFieldName, (currency: () => string) => string> = {
  industry: () => 'p.industry',
  tier: () => 'p.tier',
  country: () => 'p.country',
  loyaltyTier: () => 'p.loyalty_tier',
  churnRisk: () => 'p.churn_risk',
  lastInteractionAt: () => 'p.last_interaction_at',
  emailOpens: () => 'p.email_opens',
  emailClicks: () => 'p.email_clicks',
  lifetimeValue: (currency) =>
    `coalesce((SELECT sum(d.amount) FROM warehouse.fact_deal d WHERE d.customer_id = p.customer_id AND d.outcome = 'WON' AND d.currency = ${currency()}), 0)`,
};

const COMPARE = { eq: '=', ne: '<>', lt: '<', lte: '<=', gt: '>', gte: '>=' } as const;

/**
 * Compiles a checked rule (parseRule) to one WHERE condition whose values are all parameters,
 * numbered from `$firstParam`: no value of a rule is ever written into the SQL text. Each
 * condition is two-valued (a missing value is false, never NULL), so `not` means what it says.
 */
export function compileRule(rule: Rule, firstParam = 1): CompiledRule {
  const params: unknown[] = [];
  const param = (value: unknown, cast: string): string => {
    params.push(value);
    return `$${firstParam + params.length - 1}::${cast}`;
  };
  const walk = (r: Rule): string => {
    if ('all' in r) return `(${r.all.map(walk).join(' AND ')})`;
    if ('any' in r) return `(${r.any.map(walk).join(' OR ')})`;
    if ('not' in r) return `(NOT ${walk(r.not)})`;
    const type = RULE_FIELDS[r.field].type;
    const cast = CAST[type];
    const column = COLUMNS[r.field](() => param(r.currency, 'char(3)'));
    switch (r.op) {
      case 'isSet':
        return `(${column} IS ${r.value ? 'NOT ' : ''}NULL)`;
      case 'in':
        return `coalesce(${column} = ANY(${param(r.value, `${cast}[]`)}), false)`;
      case 'notIn':
        return `coalesce(${column} <> ALL(${param(r.value, `${cast}[]`)}), false)`;
      case 'between': {
        const [low, high] = r.value as unknown[];
        return `coalesce(${column} BETWEEN ${param(low, cast)} AND ${param(high, cast)}, false)`;
      }
      default:
        return `coalesce(${column} ${COMPARE[r.op]} ${param(r.value, cast)}, false)`;
    }
  };
  return { where: walk(rule), params };
}
