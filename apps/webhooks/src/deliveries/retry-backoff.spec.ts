import { retryDelayMs } from './retry-backoff';

describe('webhook retry backoff', () => {
  it('doubles per attempt, between half and all of the exponential step', () => {
    expect([1, 2, 3, 4].map((a) => retryDelayMs(a, 1000, 60_000, () => 0))).toEqual([500, 1000, 2000, 4000]);
    expect([1, 2, 3, 4].map((a) => retryDelayMs(a, 1000, 60_000, () => 1))).toEqual([1000, 2000, 4000, 8000]);
  });

  it('never waits longer than the cap, however many attempts', () => {
    expect(retryDelayMs(7, 1000, 10_000, () => 1)).toBe(10_000);
    expect(retryDelayMs(500, 1000, 10_000, () => 0.5)).toBe(7500);
  });

  it('spreads retries of the same attempt (jitter)', () => {
    const delays = new Set(Array.from({ length: 20 }, () => retryDelayMs(5, 1000, 60_000)));
    expect(delays.size).toBeGreaterThan(1);
    for (const d of delays) expect(d).toBeGreaterThanOrEqual(8000);
  });
});
