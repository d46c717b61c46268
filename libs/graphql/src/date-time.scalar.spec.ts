import { DateTimeScalar, isCalendarDate, parseDateTime } from './date-time.scalar';

describe('parseDateTime', () => {
  it.each([
    ['2027-01-15T09:30:00Z', '2027-01-15T09:30:00.000Z'],
    ['2027-01-15T09:30:00.123456Z', '2027-01-15T09:30:00.123Z'],
    ['2027-01-15T10:30:00+01:00', '2027-01-15T09:30:00.000Z'],
    ['2024-02-29T00:00Z', '2024-02-29T00:00:00.000Z'],
  ])('takes %s', (input, instant) => {
    expect(parseDateTime(input).toISOString()).toBe(instant);
  });

  it.each([
    ['past what a date holds', '+275760-09-13T00:00:00Z'],
    ['a bare extended year', '+275760-09-13'],
    ['before the range', '1899-12-31T23:59:59Z'],
    ['an invalid month and day', '2024-13-45T00:00:00Z'],
    ['30 February', '2024-02-30T00:00:00Z'],
    ['hour 24', '2024-01-01T24:00:00Z'],
    ['no time zone', '2024-01-01T09:00:00'],
    ['a date only', '2024-01-01'],
    ['words', 'next tuesday'],
    ['a number', 1_700_000_000_000],
  ])('refuses %s', (_what, input) => {
    expect(() => parseDateTime(input)).toThrow(/must be a date-time between the years 1900 and 9999/);
  });
});

describe('isCalendarDate', () => {
  it.each(['2024-02-29', '1900-01-01', '9999-12-31'])('takes %s', (d) => expect(isCalendarDate(d)).toBe(true));
  it.each(['0000-01-01', '1899-12-31', '2023-02-29', '2024-13-45', '+275760-09-13', '2024-1-1', 20240101])('refuses %s', (d) =>
    expect(isCalendarDate(d)).toBe(false),
  );
});

describe('DateTimeScalar', () => {
  it('hands a refused value on as an Invalid Date, for the input validation to name the field', () => {
    expect(new DateTimeScalar().parseValue('+275760-09-13').getTime()).toBeNaN();
    expect(new DateTimeScalar().parseValue('2027-01-15T09:30:00Z').toISOString()).toBe('2027-01-15T09:30:00.000Z');
  });
});
