import { InvalidError } from '@crm/domain';
import { RFM_GRID, RFM_SEGMENTS, rfmSegment } from '../intelligence/rfm-segment';
import { compileRule } from './segment-rule-sql';
import { parseRule } from './segment-rule';

/** The path and reason a rule is refused with. */
const refusal = (rule: unknown): { field: string; reason: string } => {
  try {
    parseRule(typeof rule === 'string' ? rule : JSON.stringify(rule));
  } catch (e) {
    if (e instanceof InvalidError) return { field: e.field, reason: e.reason };
    throw e;
  }
  throw new Error('the rule was accepted');
};

describe('segment rules', () => {
  it('reads the declared language and normalises its values', () => {
    const rule = parseRule(
      JSON.stringify({
        all: [
          { field: 'loyaltyTier', op: 'eq', value: ' Gold ' },
          { field: 'churnRisk', op: 'gte', value: 0.7 },
          { not: { field: 'country', op: 'in', value: ['de', 'FR'] } },
          {
            any: [
              { field: 'lastInteractionAt', op: 'lt', value: '2026-01-31T01:00:00+01:00' },
              { field: 'tier', op: 'between', value: [1, 2] },
            ],
          },
          { field: 'lifetimeValue', currency: 'EUR', op: 'gt', value: '1000.50' },
        ],
      }),
    );
    expect(rule).toEqual({
      all: [
        { field: 'loyaltyTier', op: 'eq', value: 'Gold' },
        { field: 'churnRisk', op: 'gte', value: '0.7' },
        { not: { field: 'country', op: 'in', value: ['DE', 'FR'] } },
        {
          any: [
            { field: 'lastInteractionAt', op: 'lt', value: '2026-01-31T00:00:00.000Z' },
            { field: 'tier', op: 'between', value: [1, 2] },
          ],
        },
        { field: 'lifetimeValue', currency: 'EUR', op: 'gt', value: '1000.50' },
      ],
    });
  });

  it.each([
    ['text that is not JSON', '{"all": [', 'rule', 'must be JSON text'],
    [
      'an unknown field',
      {
        all: [
          { field: 'tier', op: 'eq', value: 1 },
          { field: 'shoeSize', op: 'eq', value: 1 },
        ],
      },
      'rule.all.1.field',
      'must be one of',
    ],
    ['an unknown operator', { field: 'tier', op: 'like', value: 1 }, 'rule.op', 'must be one of'],
    ['an order on text', { field: 'industry', op: 'gt', value: 'A' }, 'rule.op', 'industry is text'],
    ['a value of the wrong type', { any: [{ field: 'churnRisk', op: 'gte', value: 'high' }] }, 'rule.any.0.value', 'takes a number'],
    ['a value out of range', { field: 'churnRisk', op: 'gte', value: 1.5 }, 'rule.value', 'from 0 to 1'],
    ['a list item of the wrong type', { field: 'tier', op: 'in', value: [1, 'two'] }, 'rule.value.1', 'whole number'],
    ['a between that is not a pair', { field: 'tier', op: 'between', value: [1] }, 'rule.value', '[low, high]'],
    ['a between upside down', { field: 'tier', op: 'between', value: [3, 1] }, 'rule.value', 'low must not be above high'],
    ['money without a currency', { field: 'lifetimeValue', op: 'gt', value: 1 }, 'rule.currency', 'ISO 4217'],
    ['an RFM segment without a currency', { field: 'rfmSegment', op: 'eq', value: 'Champions' }, 'rule.currency', 'ISO 4217'],
    [
      'an RFM segment that is none',
      { field: 'rfmSegment', currency: 'EUR', op: 'in', value: ['At Risk', 'Gold'] },
      'rule.value.1',
      '"Gold" is not one of the rfmSegment values: Champions, Loyal Customers, Potential Loyalists',
    ],
    ['an order on RFM segments', { field: 'rfmSegment', currency: 'EUR', op: 'gt', value: 'Lost' }, 'rule.op', 'rfmSegment is text'],
    [
      'a currency on a field without one',
      { field: 'tier', op: 'eq', value: 1, currency: 'EUR' },
      'rule.currency',
      'is not part of this rule',
    ],
    ['a key beside a combinator', { all: [{ field: 'tier', op: 'eq', value: 1 }], any: [] }, 'rule.any', 'is not part of this rule'],
    ['an empty all', { all: [] }, 'rule.all', '1 to 20 rules'],
    ['a time without its offset', { not: { field: 'lastInteractionAt', op: 'lt', value: '2026-01-31' } }, 'rule.not.value', 'date-time'],
    ['a list instead of a rule', [{ field: 'tier', op: 'eq', value: 1 }], 'rule', 'must be an object'],
    ['a shape of nothing', { tier: 1 }, 'rule', 'one of all, any, not or field'],
  ])('refuses %s, naming its path', (_, rule, field, reason) => {
    const r = refusal(rule);
    expect(r.field).toBe(field);
    expect(r.reason).toContain(reason);
  });

  it('refuses a rule nested deeper than its limit', () => {
    let rule: unknown = { field: 'tier', op: 'eq', value: 1 };
    for (let i = 0; i < 6; i++) rule = { not: rule };
    expect(refusal(rule)).toEqual({ field: 'rule.not.not.not.not.not.not', reason: 'nests deeper than 6 levels' });
  });

  it('compiles to one condition whose values are all parameters, in order, each two-valued', () => {
    const rule = parseRule(
      JSON.stringify({
        any: [
          {
            all: [
              { field: 'loyaltyTier', op: 'eq', value: "Gold'; DROP TABLE x; --" },
              { field: 'churnRisk', op: 'gte', value: 0.7 },
            ],
          },
          { not: { field: 'lifetimeValue', currency: 'USD', op: 'between', value: [10, 20] } },
          { field: 'country', op: 'isSet', value: false },
        ],
      }),
    );
    const { where, params } = compileRule(rule, 4);
    expect(params).toEqual(["Gold'; DROP TABLE x; --", '0.7', 'USD', '10', '20']);
    expect(where).not.toContain('DROP');
    expect(where).toBe(
      "((coalesce(p.loyalty_tier = $4::text, false) AND coalesce(p.churn_risk >= $5::numeric, false)) OR (NOT coalesce(coalesce((SELECT sum(d.amount) FROM warehouse.fact_deal d WHERE d.customer_id = p.customer_id AND d.outcome = 'WON' AND d.currency = $6::char(3)), 0) BETWEEN $7::numeric AND $8::numeric, false)) OR (p.country IS NULL))",
    );
  });

  it('compiles an RFM segment to the customers whose scores, named as rfmSegment names them, match', () => {
    const rule = parseRule(JSON.stringify({ not: { field: 'rfmSegment', currency: 'EUR', op: 'eq', value: "can't lose them" } }));
    expect(rule).toEqual({ not: { field: 'rfmSegment', currency: 'EUR', op: 'eq', value: "Can't Lose Them" } });
    const { where, params } = compileRule(rule, 2);
    expect(params).toEqual([RFM_GRID, 'EUR', "Can't Lose Them"]);
    expect(where).toMatch(/^\(NOT \(p\.customer_id IN \(SELECT customer_id FROM \(SELECT customer_id, \(\$2::text\[\]\)\[/);
    expect(where).toContain('currency = $3::char(3)');
    expect(where).toMatch(/WHERE coalesce\(s\.segment = \$4::text, false\)\)\)\)$/);
  });

  it('indexes the RFM grid as SQL does: (recency - 1) * 5 + round((frequency + monetary) / 2)', () => {
    for (let r = 1; r <= 5; r++)
      for (let f = 1; f <= 5; f++)
        for (let m = 1; m <= 5; m++) expect(RFM_GRID[(r - 1) * 5 + Math.round((f + m) / 2) - 1]).toBe(rfmSegment(r, f, m));
    expect(new Set(RFM_GRID)).toEqual(new Set(RFM_SEGMENTS));
  });
});
