import { InvalidError } from '@crm/domain';
import { addBusinessMinutes, businessMinutesBetween, validateCalendar, type BusinessCalendar } from './business-hours';

const nineToFive = (over: Partial<BusinessCalendar> = {}): BusinessCalendar => ({
  timeZone: 'Europe/Berlin',
  workingDays: [1, 2, 3, 4, 5],
  hours: [{ start: '09:00', end: '17:00' }],
  holidays: [],
  ...over,
});

/** A Berlin wall-clock time as an instant (CET, UTC+1, in these January weeks; CEST, UTC+2, in summer). */
const berlin = (local: string, offset = '+01:00') => new Date(`${local}${offset}`);
const refusal = (c: BusinessCalendar): { field: string; message: string } | null => {
  try {
    validateCalendar(c);
    return null;
  } catch (e) {
    if (!(e instanceof InvalidError)) throw e;
    return { field: e.field, message: e.message };
  }
};

describe('business hours', () => {
  // 2032-01-16 is a Friday.
  it('carries a 4-hour target opened Friday 16:30 over the weekend: 30 minutes Friday, 3.5 hours Monday', () => {
    expect(addBusinessMinutes(nineToFive(), berlin('2032-01-16T16:30'), 240)).toEqual(berlin('2032-01-19T12:30'));
  });

  it('is due Monday 11:30 on a 9–18 calendar (1.5 hours Friday, 2.5 Monday)', () => {
    const nineToSix = nineToFive({ hours: [{ start: '09:00', end: '18:00' }] });
    expect(addBusinessMinutes(nineToSix, berlin('2032-01-16T16:30'), 240)).toEqual(berlin('2032-01-19T11:30'));
  });

  it('moves the due time a day for a holiday in between', () => {
    expect(addBusinessMinutes(nineToFive({ holidays: ['2032-01-19'] }), berlin('2032-01-16T16:30'), 240)).toEqual(
      berlin('2032-01-20T12:30'),
    );
  });

  it('starts the clock at opening time for a case opened before hours, on a weekend or on a holiday', () => {
    expect(addBusinessMinutes(nineToFive(), berlin('2032-01-19T06:00'), 60)).toEqual(berlin('2032-01-19T10:00'));
    expect(addBusinessMinutes(nineToFive(), berlin('2032-01-17T12:00'), 60)).toEqual(berlin('2032-01-19T10:00'));
    expect(addBusinessMinutes(nineToFive({ holidays: ['2032-01-19'] }), berlin('2032-01-19T10:00'), 60)).toEqual(
      berlin('2032-01-20T10:00'),
    );
  });

  it('skips the gap between split hours', () => {
    const split = nineToFive({
      hours: [
        { start: '13:00', end: '17:00' },
        { start: '09:00', end: '12:00' },
      ],
    });
    expect(addBusinessMinutes(split, berlin('2032-01-19T11:00'), 120)).toEqual(berlin('2032-01-19T14:00'));
  });

  it('counts in the calendar’s own time zone, across a change to summer time', () => {
    const tokyo = nineToFive({ timeZone: 'Asia/Tokyo' });
    expect(addBusinessMinutes(tokyo, new Date('2032-01-19T08:00:00Z'), 60)).toEqual(new Date('2032-01-20T01:00:00Z')); // 17:00 Tokyo → next 10:00
    // Berlin moves to CEST on Sunday 2032-03-28: Friday 16:30 CET + 4h is Monday 12:30 CEST.
    expect(addBusinessMinutes(nineToFive(), berlin('2032-03-26T16:30'), 240)).toEqual(berlin('2032-03-29T12:30', '+02:00'));
  });

  it('measures working minutes between two instants, the inverse of adding them', () => {
    const c = nineToFive({ holidays: ['2032-01-19'] });
    const from = berlin('2032-01-16T16:30');
    expect(businessMinutesBetween(c, from, addBusinessMinutes(c, from, 240))).toBe(240);
    expect(businessMinutesBetween(c, from, berlin('2032-01-18T12:00'))).toBe(30);
    expect(businessMinutesBetween(c, berlin('2032-01-20T10:00'), from)).toBe(0);
  });

  it('refuses a target of 0 or less', () => {
    expect(() => addBusinessMinutes(nineToFive(), new Date(), 0)).toThrow(RangeError);
    expect(() => addBusinessMinutes(nineToFive(), new Date(), -5)).toThrow(RangeError);
  });

  it.each([
    [
      'overlapping hours',
      {
        hours: [
          { start: '09:00', end: '13:00' },
          { start: '12:00', end: '17:00' },
        ],
      },
      'hours.1',
      '12:00–17:00 overlaps 09:00–13:00',
    ],
    [
      'overlapping hours listed out of order',
      {
        hours: [
          { start: '12:00', end: '17:00' },
          { start: '09:00', end: '12:30' },
        ],
      },
      'hours.1',
      'overlaps',
    ],
    ['an end before the start', { hours: [{ start: '17:00', end: '09:00' }] }, 'hours.0.end', 'not after'],
    ['a time that is not one', { hours: [{ start: '9am', end: '17:00' }] }, 'hours.0.start', 'not a time of day'],
    ['no hours', { hours: [] }, 'hours', 'at least one'],
    ['an unknown time zone', { timeZone: 'Mars/Olympus_Mons' }, 'timeZone', 'not an IANA time zone'],
    ['no working days', { workingDays: [] }, 'workingDays', 'at least one'],
    ['weekday 8', { workingDays: [1, 8] }, 'workingDays', 'not a weekday'],
    ['a day twice', { workingDays: [1, 1] }, 'workingDays', 'twice'],
    ['a holiday that is not a date', { holidays: ['2032-02-30'] }, 'holidays.0', 'not a date'],
  ])('refuses %s naming the field', (_what, over, field, message) => {
    const r = refusal(nineToFive(over));
    expect(r?.field).toBe(field);
    expect(r?.message).toContain(message);
  });

  it('accepts back-to-back hours and a day ending at 24:00', () => {
    expect(
      refusal(
        nineToFive({
          hours: [
            { start: '09:00', end: '12:00' },
            { start: '12:00', end: '24:00' },
          ],
        }),
      ),
    ).toBeNull();
  });
});
