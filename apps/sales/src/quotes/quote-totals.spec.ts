import { quoteTotals } from './quote-totals';

describe('quoteTotals', () => {
  it('is exact where binary floats are not, rounding each line half up to the minor unit', () => {
    // 0.1 + 0.2 style traps: 3 × 0.10 with 0.3 in floats would be 0.30000000000000004.
    const totals = quoteTotals(
      [
        { quantity: '3', unitPrice: '0.10', discountPercent: '0', taxPercent: '0' },
        { quantity: '1.5', unitPrice: '19.99', discountPercent: '12.5', taxPercent: '20' },
        { quantity: '7', unitPrice: '1234567890.1234', discountPercent: '100', taxPercent: '20' },
      ],
      'EUR',
    );
    // 1.5 × 19.99 = 29.985; × 0.875 = 26.236875 → 26.24; tax 5.248 → 5.25
    expect(totals.lines).toEqual([
      { net: '0.30', tax: '0.00', total: '0.30' },
      { net: '26.24', tax: '5.25', total: '31.49' },
      { net: '0.00', tax: '0.00', total: '0.00' },
    ]);
    expect(totals).toMatchObject({ subtotal: '26.54', tax: '5.25', total: '31.79' });
  });

  it('keeps large amounts whole and rounds to the currency: no decimals in JPY, three in KWD', () => {
    expect(quoteTotals([{ quantity: '1000', unitPrice: '999999999.9999', discountPercent: '0', taxPercent: '0' }], 'USD').total).toBe(
      '999999999999.90',
    );
    expect(quoteTotals([{ quantity: '3', unitPrice: '333.5', discountPercent: '0', taxPercent: '10' }], 'JPY')).toMatchObject({
      subtotal: '1001',
      tax: '100',
      total: '1101',
    });
    expect(quoteTotals([{ quantity: '1', unitPrice: '1.2345', discountPercent: '0', taxPercent: '0' }], 'KWD').total).toBe('1.235');
  });
});
