import { RFM_GRID, rfmScoresSql } from '../intelligence/rfm-segment';
import { RULE_FIELDS, type FieldType, type Rule, type RuleFieldName } from './segment-rule';

/** A rule as SQL: a condition over the profile `p` (segments.customer_profile) and its parameters. */
export interface CompiledRule {
  where: string;
  params: unknown[];
}

const CAST: Record<FieldType, string> = { string: 'text', integer: 'int', decimal: 'numeric', timestamp: 'timestamptz' };

type Condition = Exclude<Rule, { all: Rule[] } | { any: Rule[] } | { not: Rule }>;

/**
 * The profile's column of each field; money by currency is a sum over the warehouse's won deals.
 * The RFM segment is not a column: see rfmCondition.
 */
const COLUMNS: Record<Exclude<RuleFieldName, 'rfmSegment'>, (currency: () => string) => string> = {
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
    if (r.field === 'rfmSegment') return rfmCondition(r);
    return compare(
      COLUMNS[r.field](() => param(r.currency, 'char(3)')),
      r,
    );
  };
  /**
   * A customer's RFM segment is relative to every customer that bought in the currency, so it is
   * scored for all of them at once, uncorrelated (Postgres computes it once per statement, not
   * once per customer), and the condition asks whether the customer is among those that match.
   */
  const rfmCondition = (r: Condition): string => {
    const scored = `SELECT customer_id, (${param(RFM_GRID, 'text[]')})[(recency - 1) * 5 + round((frequency + monetary) / 2.0)::int] AS segment
      FROM (${rfmScoresSql(param(r.currency, 'char(3)'))}) rfm`;
    if (r.op === 'isSet') return `(${r.value ? '' : 'NOT '}p.customer_id IN (SELECT customer_id FROM (${scored}) s))`;
    return `(p.customer_id IN (SELECT customer_id FROM (${scored}) s WHERE ${compare('s.segment', r)}))`;
  };
  const compare = (column: string, r: Condition): string => {
    const cast = CAST[RULE_FIELDS[r.field].type];
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
