import { scoreChurn, type ChurnSignals } from './churn-score';

const asOf = new Date('2031-06-01T12:00:00.000Z');
const daysAgo = (n: number): Date => new Date(asOf.getTime() - n * 86_400_000);
const calm: ChurnSignals = {
  lastEngagedAt: asOf,
  recentTouchpoints: 0,
  earlierTouchpoints: 0,
  openUrgentCases: 0,
  slaBreaches: 0,
  csatAverage: null,
  lostRenewals: 0,
};
const contributions = (s: ChurnSignals) => Object.fromEntries(scoreChurn(s, asOf).reasons.map((r) => [r.factor, r.contribution]));

describe('churn score', () => {
  it('scores a customer idle for 90 days with two urgent cases open 0.30 + 0.25, over the default threshold, strongest reason first', () => {
    const scored = scoreChurn({ ...calm, lastEngagedAt: daysAgo(90), openUrgentCases: 2 }, asOf);
    expect(scored.score).toBe('0.5500');
    expect(scored.units).toBe(5500);
    expect(scored.reasons.slice(0, 2)).toEqual([
      { factor: 'INACTIVITY', weight: '0.3000', signal: '1.0000', contribution: '0.3000', detail: '90 days since the last engagement' },
      { factor: 'OPEN_URGENT_CASES', weight: '0.2500', signal: '1.0000', contribution: '0.2500', detail: '2 urgent cases open' },
    ]);
    expect(scored.reasons).toHaveLength(6);
  });

  it('keeps either of the two alone under 0.5', () => {
    expect(scoreChurn({ ...calm, lastEngagedAt: daysAgo(400) }, asOf).score).toBe('0.3000');
    expect(scoreChurn({ ...calm, openUrgentCases: 5 }, asOf).score).toBe('0.2500');
  });

  it('grows inactivity by the day up to 90, and counts half-days down', () => {
    expect(contributions({ ...calm, lastEngagedAt: daysAgo(45) }).INACTIVITY).toBe('0.1500');
    expect(contributions({ ...calm, lastEngagedAt: new Date(daysAgo(30).getTime() - 43_200_000) }).INACTIVITY).toBe('0.1000');
  });

  it('weighs each other reason as documented, in exact ten-thousandths', () => {
    const c = contributions({ ...calm, recentTouchpoints: 1, earlierTouchpoints: 6, slaBreaches: 1, csatAverage: '2.50', lostRenewals: 1 });
    // 6 touchpoints in 60 days is 3 per 30; 1 now is 1 - 1/3 of that pace lost: 0.1 × 0.6667.
    expect(c.FALLING_ENGAGEMENT).toBe('0.0667');
    expect(c.SLA_BREACHES).toBe('0.0750');
    // (4 - 2.5) / 3 = 0.5 of 0.1.
    expect(c.LOW_CSAT).toBe('0.0500');
    expect(c.LOST_RENEWAL).toBe('0.1000');
    expect(
      scoreChurn({ ...calm, recentTouchpoints: 1, earlierTouchpoints: 6, slaBreaches: 1, csatAverage: '2.50', lostRenewals: 1 }, asOf)
        .score,
    ).toBe('0.2917');
  });

  it('sees no falling engagement without an earlier pace, nor when it rose, and no CSAT concern at 4 or better', () => {
    expect(contributions({ ...calm, recentTouchpoints: 0, earlierTouchpoints: 0 }).FALLING_ENGAGEMENT).toBe('0.0000');
    expect(contributions({ ...calm, recentTouchpoints: 9, earlierTouchpoints: 2 }).FALLING_ENGAGEMENT).toBe('0.0000');
    expect(contributions({ ...calm, csatAverage: '4.50' }).LOW_CSAT).toBe('0.0000');
    expect(contributions({ ...calm, lastEngagedAt: null }).INACTIVITY).toBe('0.0000');
  });

  it('reaches exactly 1 when every reason holds fully', () => {
    const worst = {
      lastEngagedAt: daysAgo(120),
      recentTouchpoints: 0,
      earlierTouchpoints: 4,
      openUrgentCases: 2,
      slaBreaches: 3,
      csatAverage: '1.00',
      lostRenewals: 1,
    };
    expect(scoreChurn(worst, asOf).score).toBe('1.0000');
  });
});
