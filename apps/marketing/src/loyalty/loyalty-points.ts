import type { LoyaltyTierRow } from './loyalty-programme.entity';

/** A decimal string as ten-thousandths (numeric(19,4)): money is never a float. */
function units(decimal: string): bigint {
  const [whole = '0', fraction = ''] = decimal.split('.');
  return BigInt(whole) * 10_000n + BigInt(fraction.padEnd(4, '0').slice(0, 4));
}

/** Whole points for `amount` of won revenue at one point per `revenuePerPoint`, rounded down. */
export function pointsForRevenue(amount: string, revenuePerPoint: string): number {
  const per = units(revenuePerPoint);
  if (per <= 0n || amount.startsWith('-')) return 0;
  return Number(units(amount) / per);
}

/** The highest tier `points` reach (tiers lowest first), and the one after it. */
export function tierFor(tiers: readonly LoyaltyTierRow[], points: number): { tier: LoyaltyTierRow | null; next: LoyaltyTierRow | null } {
  const reached = tiers.filter((t) => t.threshold <= points);
  const tier = reached[reached.length - 1] ?? null;
  return { tier, next: tiers[reached.length] ?? null };
}
