import type { ScoringRuleEntity } from './scoring-rule.entity';
import { decayed, fitBreakdown } from './lead-scoring';
import { FitAttribute } from './scoring.enums';

const rule = (r: Partial<ScoringRuleEntity>): ScoringRuleEntity => ({
  id: r.name ?? 'r',
  name: 'r',
  attribute: null,
  values: [],
  minEmployees: null,
  maxEmployees: null,
  signal: null,
  points: 10,
  active: true,
  createdAt: new Date(0),
  updatedAt: new Date(0),
  ...r,
});

describe('fitBreakdown', () => {
  const rules = [
    rule({ name: 'software', attribute: FitAttribute.INDUSTRY, values: ['software'], points: 20 }),
    rule({ name: 'dach', attribute: FitAttribute.COUNTRY, values: ['de', 'at', 'ch'], points: 10 }),
    rule({ name: 'exec', attribute: FitAttribute.TITLE, values: ['chief', 'cto'], points: 15 }),
    rule({ name: 'mid', attribute: FitAttribute.EMPLOYEE_COUNT, minEmployees: 50, maxEmployees: 500, points: 5 }),
    rule({ name: 'student', attribute: FitAttribute.TITLE, values: ['student'], points: -30 }),
    rule({ name: 'off', attribute: FitAttribute.INDUSTRY, values: ['software'], points: 99, active: false }),
  ];

  it('gives each matching active rule its points, case aside, title by containment, size inclusive', () => {
    const lead = { industry: 'Software', country: 'AT', title: 'Deputy CTO', employeeCount: 500 };
    expect(fitBreakdown(rules, lead).map((b) => [b.rule.name, b.points])).toEqual([
      ['software', 20],
      ['dach', 10],
      ['exec', 15],
      ['mid', 5],
    ]);
  });

  it('matches nothing on missing attributes, and counts negative rules', () => {
    expect(fitBreakdown(rules, { industry: null, country: null, title: null, employeeCount: null })).toEqual([]);
    const student = fitBreakdown(rules, { industry: null, country: 'FR', title: 'PhD student', employeeCount: 49 });
    expect(student.map((b) => b.points)).toEqual([-30]);
  });
});

describe('decayed', () => {
  const t0 = new Date('2026-01-01T00:00:00Z');
  it('halves over each half-life and never grows for an earlier time', () => {
    expect(decayed(40, t0, new Date('2026-01-31T00:00:00Z'), 30)).toBe(20);
    expect(decayed(40, t0, new Date('2026-03-02T00:00:00Z'), 30)).toBe(10);
    expect(decayed(40, t0, new Date('2025-12-01T00:00:00Z'), 30)).toBe(40);
  });
});
