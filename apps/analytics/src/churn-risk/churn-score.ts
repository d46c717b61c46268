/** What the churn score of one customer is made from, as of one instant (counted by the repository). */
export interface ChurnSignals {
  /** The latest engagement (a touchpoint other than a support case) at or before the instant; null when none is known. */
  lastEngagedAt: Date | null;
  /** Touchpoints in the 30 days up to the instant. */
  recentTouchpoints: number;
  /** Touchpoints in the 60 days before those 30. */
  earlierTouchpoints: number;
  openUrgentCases: number;
  /** SLA targets missed in the last 90 days. */
  slaBreaches: number;
  /** Mean CSAT answer (1 to 5) of the last 180 days, as Postgres rounds it to two places; null without answers. */
  csatAverage: string | null;
  /** Deals of a renewal pipeline lost in the last 365 days. */
  lostRenewals: number;
}

export type ChurnFactor = 'INACTIVITY' | 'OPEN_URGENT_CASES' | 'SLA_BREACHES' | 'FALLING_ENGAGEMENT' | 'LOW_CSAT' | 'LOST_RENEWAL';

/** One reason as the API and the events carry it: shares are exact decimals with four places. */
export interface ChurnReason {
  factor: ChurnFactor;
  weight: string;
  /** How strongly the reason holds, 0 to 1. */
  signal: string;
  /** weight × signal: what the reason adds to the score. */
  contribution: string;
  detail: string;
}

export interface ChurnScore {
  score: string;
  /** The score in ten-thousandths, to compare with the threshold exactly. */
  units: number;
  reasons: ChurnReason[];
}

export const DAY_MS = 86_400_000;
/** The windows the signals are counted over, in days before the instant scored. */
export const CHURN_WINDOWS = { recent: 30, engagementBaseline: 90, slaBreaches: 90, csat: 180, lostRenewal: 365 } as const;
/** A customer untouched this long counts as fully inactive. */
export const FULLY_INACTIVE_DAYS = 90;
/** Open urgent cases and recent SLA breaches count fully from this many. */
const SATURATING_COUNT = 2;

/**
 * Weights in ten-thousandths (they sum to 10,000, so the score stays within 0 to 1). Inactivity and
 * open urgent cases weigh most: a customer idle for 90 days with two urgent cases open scores
 * 0.55, above the default threshold of 0.5, while either alone stays below it.
 */
export const CHURN_WEIGHTS: Record<ChurnFactor, number> = {
  INACTIVITY: 3000,
  OPEN_URGENT_CASES: 2500,
  SLA_BREACHES: 1500,
  FALLING_ENGAGEMENT: 1000,
  LOW_CSAT: 1000,
  LOST_RENEWAL: 1000,
};

/** Ten-thousandths of a share from 0 to 1, clamped; the integer arithmetic keeps sums exact. */
const tenThousandths = (x: number): number => Math.round(Math.min(1, Math.max(0, x)) * 10_000);
export const shareText = (n: number): string => (n / 10_000).toFixed(4);
const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** The score (the sum of each reason's weight × signal) and every reason, strongest first, zeros included, so a score is explained whole. */
export function scoreChurn(s: ChurnSignals, asOf: Date): ChurnScore {
  const idleDays = s.lastEngagedAt ? Math.floor((asOf.getTime() - s.lastEngagedAt.getTime()) / DAY_MS) : null;
  // The 60 days before the recent 30, per 30 days: the customer's own usual pace.
  const baseline = s.earlierTouchpoints / ((CHURN_WINDOWS.engagementBaseline - CHURN_WINDOWS.recent) / CHURN_WINDOWS.recent);
  const csat = s.csatAverage === null ? null : Number(s.csatAverage);
  const signals: [ChurnFactor, number, string][] = [
    [
      'INACTIVITY',
      idleDays === null ? 0 : idleDays / FULLY_INACTIVE_DAYS,
      idleDays === null ? 'no engagement known' : `${plural(idleDays, 'day')} since the last engagement`,
    ],
    ['OPEN_URGENT_CASES', s.openUrgentCases / SATURATING_COUNT, `${plural(s.openUrgentCases, 'urgent case')} open`],
    ['SLA_BREACHES', s.slaBreaches / SATURATING_COUNT, `${plural(s.slaBreaches, 'SLA breach', 'SLA breaches')} in the last 90 days`],
    [
      'FALLING_ENGAGEMENT',
      baseline > 0 ? 1 - s.recentTouchpoints / baseline : 0,
      `${plural(s.recentTouchpoints, 'touchpoint')} in the last 30 days, against ${baseline.toFixed(1)} per 30 days in the 60 before`,
    ],
    [
      'LOW_CSAT',
      // 4 or better is no concern; 1 is the strongest.
      csat === null ? 0 : (4 - csat) / 3,
      s.csatAverage === null ? 'no CSAT answers in the last 180 days' : `CSAT ${s.csatAverage} on average over the last 180 days`,
    ],
    ['LOST_RENEWAL', s.lostRenewals > 0 ? 1 : 0, `${plural(s.lostRenewals, 'renewal')} lost in the last 365 days`],
  ];
  const reasons = signals.map(([factor, raw, detail]) => {
    const signal = tenThousandths(raw);
    return { factor, weight: CHURN_WEIGHTS[factor], signal, contribution: Math.round((CHURN_WEIGHTS[factor] * signal) / 10_000), detail };
  });
  const score = reasons.reduce((sum, r) => sum + r.contribution, 0);
  reasons.sort((a, b) => b.contribution - a.contribution || b.weight - a.weight);
  return {
    score: shareText(score),
    units: score,
    reasons: reasons.map((r) => ({
      factor: r.factor,
      weight: shareText(r.weight),
      signal: shareText(r.signal),
      contribution: shareText(r.contribution),
      detail: r.detail,
    })),
  };
}
