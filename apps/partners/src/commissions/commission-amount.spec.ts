import { asNumeric4, commissionAmount, exceeds } from './commission-amount';

describe('commissionAmount', () => {
  it.each([
    ['12500.5', '10', '1250.0500'],
    ['12500.50', '7.5', '937.5375'],
    // 0.1 + 0.2 territory: floats get these wrong, decimals do not.
    ['0.3', '33.3333', '0.1000'],
    ['999999999999999.9999', '100', '999999999999999.9999'],
    ['999999999999999.9999', '12.3456', '123456000000000.0000'],
    ['100', '0', '0.0000'],
    ['0.0001', '50', '0.0001'],
    ['0.0001', '49.9999', '0.0000'],
  ])('%s at %s %% is %s', (base, rate, expected) => {
    expect(commissionAmount(base, rate)).toBe(expected);
  });

  it('keeps every digit of a 19-digit base times a rate with four decimals before rounding once', () => {
    // 123456789012345.6789 × 0.0001 % = 123456789.012345678 9 → 123456789.0123
    expect(commissionAmount('123456789012345.6789', '0.0001')).toBe('123456789.0123');
  });

  it('reads decimals as numeric(19,4) stores them and compares exactly', () => {
    expect(asNumeric4('7.5')).toBe('7.5000');
    expect(exceeds('100.0001', 100)).toBe(true);
    expect(exceeds('100', 100)).toBe(false);
  });
});
