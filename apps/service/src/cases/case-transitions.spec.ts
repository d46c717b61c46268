import { CASE_TRANSITIONS, canTransition, closedAtAfter, resolvedAtAfter, transitionRefusal } from './case-transitions';
import { CaseStatus } from './case.enums';

const { NEW, OPEN, PENDING, RESOLVED, CLOSED } = CaseStatus;
const ALL = [NEW, OPEN, PENDING, RESOLVED, CLOSED];

describe('case status transitions', () => {
  it.each([
    [NEW, [OPEN, PENDING, RESOLVED, CLOSED]],
    [OPEN, [PENDING, RESOLVED, CLOSED]],
    [PENDING, [OPEN, RESOLVED, CLOSED]],
    [RESOLVED, [OPEN, CLOSED]],
    [CLOSED, [OPEN]],
  ])('from %s allows exactly %j', (from, allowed) => {
    expect(ALL.filter((to) => canTransition(from, to))).toEqual(allowed);
    for (const to of allowed) expect(transitionRefusal(from, to)).toBeNull();
  });

  it('covers every status, and never allows staying put', () => {
    expect(Object.keys(CASE_TRANSITIONS).sort()).toEqual([...ALL].sort());
    for (const s of ALL) expect(canTransition(s, s)).toBe(false);
  });

  it('never goes back to NEW', () => {
    for (const s of ALL) expect(canTransition(s, NEW)).toBe(false);
  });

  it('says which transition is refused', () => {
    expect(transitionRefusal(OPEN, OPEN)).toBe('moving a case from OPEN to OPEN is not allowed: the case is already OPEN');
    expect(transitionRefusal(CLOSED, RESOLVED)).toBe(
      'moving a case from CLOSED to RESOLVED is not allowed; from CLOSED it can move to OPEN',
    );
    expect(transitionRefusal(OPEN, NEW)).toMatch(
      /^moving a case from OPEN to NEW is not allowed; from OPEN it can move to PENDING, RESOLVED, CLOSED$/,
    );
  });

  it('sets closedAt when a case closes and clears it otherwise (reopening)', () => {
    const now = new Date('2030-01-02T03:04:05.678Z');
    expect(closedAtAfter(CLOSED, now)).toBe(now);
    for (const s of [OPEN, PENDING, RESOLVED]) expect(closedAtAfter(s, now)).toBeNull();
  });

  it('sets resolvedAt when work on a case ends, keeps it from RESOLVED to CLOSED, and clears it on reopening', () => {
    const earlier = new Date('2030-01-01T00:00:00.000Z');
    const now = new Date('2030-01-02T03:04:05.678Z');
    expect(resolvedAtAfter(null, RESOLVED, now)).toBe(now);
    expect(resolvedAtAfter(null, CLOSED, now)).toBe(now);
    expect(resolvedAtAfter(earlier, CLOSED, now)).toBe(earlier);
    for (const s of [OPEN, PENDING]) expect(resolvedAtAfter(earlier, s, now)).toBeNull();
  });
});
