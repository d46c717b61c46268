import { conditionPath, operatorsOf, ruleDraft, ruleText, type RuleDraft } from './rule-language';

describe("the segment rule builder's language", () => {
  it('writes conditions as the JSON analytics takes: typed values, lists, ranges, isSet, currency and not', () => {
    const draft: RuleDraft = {
      combinator: 'any',
      conditions: [
        { field: 'tier', op: 'in', value: '1, 2', currency: 'EUR', negate: false },
        { field: 'churnRisk', op: 'between', value: '0.2,0.75', currency: 'EUR', negate: true },
        { field: 'lifetimeValue', op: 'gte', value: ' 1000.50 ', currency: 'usd', negate: false },
        { field: 'lastInteractionAt', op: 'lt', value: '2026-01-31', currency: 'EUR', negate: false },
        { field: 'loyaltyTier', op: 'isSet', value: 'false', currency: 'EUR', negate: false },
      ],
    };
    expect(JSON.parse(ruleText(draft))).toEqual({
      any: [
        { field: 'tier', op: 'in', value: [1, 2] },
        { not: { field: 'churnRisk', op: 'between', value: ['0.2', '0.75'] } },
        { field: 'lifetimeValue', op: 'gte', value: '1000.50', currency: 'USD' },
        { field: 'lastInteractionAt', op: 'lt', value: '2026-01-31T00:00:00Z' },
        { field: 'loyaltyTier', op: 'isSet', value: false },
      ],
    });
  });

  it('sends a value that is not of the field’s type as typed, for the server to refuse by its path', () => {
    const draft: RuleDraft = { combinator: 'all', conditions: [{ field: 'tier', op: 'eq', value: 'top', currency: 'EUR', negate: false }] };
    expect(JSON.parse(ruleText(draft))).toEqual({ all: [{ field: 'tier', op: 'eq', value: 'top' }] });
  });

  it('offers ordering only on numbers and times, as analytics accepts', () => {
    expect(operatorsOf('industry')).toEqual(['eq', 'ne', 'in', 'notIn', 'isSet']);
    expect(operatorsOf('churnRisk')).toContain('between');
    expect(operatorsOf('lastInteractionAt')).toContain('lt');
  });

  it('reads a stored rule back into the builder, and leaves a nested one to its JSON', () => {
    const stored =
      '{"all":[{"field":"tier","op":"in","value":[1,2]},{"not":{"field":"lastInteractionAt","op":"gte","value":"2026-01-31T00:00:00.000Z"}}]}';
    expect(ruleDraft(stored)).toEqual({
      combinator: 'all',
      conditions: [
        { field: 'tier', op: 'in', value: '1, 2', currency: 'EUR', negate: false },
        { field: 'lastInteractionAt', op: 'gte', value: '2026-01-31', currency: 'EUR', negate: true },
      ],
    });
    expect(ruleDraft('{"field":"country","op":"eq","value":"DE"}')).toEqual({
      combinator: 'all',
      conditions: [{ field: 'country', op: 'eq', value: 'DE', currency: 'EUR', negate: false }],
    });
    expect(ruleDraft('{"all":[{"any":[{"field":"tier","op":"eq","value":1}]}]}')).toBeNull();
    expect(ruleDraft('{"not":{"all":[{"field":"tier","op":"eq","value":1}]}}')).toBeNull();
    expect(ruleDraft('{"all":[{"field":"industry","op":"lt","value":"A"}]}')).toBeNull();
    expect(ruleDraft('not json')).toBeNull();
  });

  it('names a condition as the server’s refusals do, through its not', () => {
    const draft: RuleDraft = {
      combinator: 'all',
      conditions: [
        { field: 'tier', op: 'eq', value: '1', currency: 'EUR', negate: false },
        { field: 'tier', op: 'eq', value: '1', currency: 'EUR', negate: true },
      ],
    };
    expect([conditionPath(draft, 0), conditionPath(draft, 1)]).toEqual(['rule.all.0', 'rule.all.1.not']);
  });
});
