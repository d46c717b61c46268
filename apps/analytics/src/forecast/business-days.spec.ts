import { businessDaysBetween } from './business-days';

describe('businessDaysBetween', () => {
  it('counts Monday to Friday in a half-open range of UTC days', () => {
    // March 2031: the 1st is a Saturday; 31 days, 21 of them weekdays.
    expect(businessDaysBetween('2031-03-01', '2031-04-01')).toBe(21);
    // Saturday and Sunday alone.
    expect(businessDaysBetween('2031-03-01', '2031-03-03')).toBe(0);
    // Monday 3rd to Friday 7th, then the weekend adds nothing.
    expect(businessDaysBetween('2031-03-03', '2031-03-08')).toBe(5);
    expect(businessDaysBetween('2031-03-03', '2031-03-10')).toBe(5);
    expect(businessDaysBetween('2031-03-03', '2031-03-03')).toBe(0);
    // Q1 2032 (a leap year): 91 days, 13 whole weeks.
    expect(businessDaysBetween('2032-01-01', '2032-04-01')).toBe(65);
  });
});
