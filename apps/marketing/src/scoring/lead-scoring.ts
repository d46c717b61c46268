import type { LeadEntity } from '../leads/lead.entity';
import type { ScoringRuleEntity } from './scoring-rule.entity';
import { FitAttribute } from './scoring.enums';

const DAY_MS = 86_400_000;

/** The lead attributes fit rules read. */
export type FitFacts = Pick<LeadEntity, 'industry' | 'country' | 'title' | 'employeeCount'>;

function matches(rule: ScoringRuleEntity, lead: FitFacts): boolean {
  switch (rule.attribute) {
    case FitAttribute.INDUSTRY:
      return lead.industry !== null && rule.values.includes(lead.industry.toLowerCase());
    case FitAttribute.COUNTRY:
      return lead.country !== null && rule.values.includes(lead.country.toLowerCase());
    case FitAttribute.TITLE: {
      const title = lead.title?.toLowerCase();
      return title !== undefined && rule.values.some((v) => title.includes(v));
    }
    case FitAttribute.EMPLOYEE_COUNT:
      return (
        lead.employeeCount !== null &&
        (rule.minEmployees === null || lead.employeeCount >= rule.minEmployees) &&
        (rule.maxEmployees === null || lead.employeeCount <= rule.maxEmployees)
      );
    default:
      return false;
  }
}

/** Every active fit rule the lead matches, with its points. */
export function fitBreakdown(rules: readonly ScoringRuleEntity[], lead: FitFacts): { rule: ScoringRuleEntity; points: number }[] {
  return rules.filter((r) => r.active && r.attribute !== null && matches(r, lead)).map((rule) => ({ rule, points: rule.points }));
}

/**
 * Engagement `points` as of `from`, worth half as much every `halfLifeDays` after: what a lead did
 * last year says less than what it did this week. A time before `from` (an event delivered late)
 * does not grow it.
 */
export function decayed(points: number, from: Date, to: Date, halfLifeDays: number): number {
  const elapsed = Math.max(0, to.getTime() - from.getTime());
  return points * 0.5 ** (elapsed / (halfLifeDays * DAY_MS));
}
