import { pointsForRevenue, tierFor } from './loyalty-points';

describe('loyalty points', () => {
  it.each([
    ['1000', '10', 100],
    ['1000.5', '10', 100],
    ['999.9999', '10', 99],
    ['0.5', '0.25', 2],
    ['42000.5', '0.0001', 420005000],
    ['-5', '1', 0],
  ])('earns for %s of revenue at one point per %s: %i', (amount, per, points) => {
    expect(pointsForRevenue(amount, per)).toBe(points);
  });

  it('reaches the highest tier its points pass, and names the next', () => {
    const tiers = [
      { name: 'Bronze', threshold: 0 },
      { name: 'Silver', threshold: 100 },
      { name: 'Gold', threshold: 500 },
    ];
    expect(tierFor(tiers, 99)).toEqual({ tier: tiers[0], next: tiers[1] });
    expect(tierFor(tiers, 100)).toEqual({ tier: tiers[1], next: tiers[2] });
    expect(tierFor(tiers, 5000)).toEqual({ tier: tiers[2], next: null });
    expect(tierFor(tiers.slice(1), 10)).toEqual({ tier: null, next: tiers[1] });
  });
});
