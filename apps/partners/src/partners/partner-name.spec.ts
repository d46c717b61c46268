import { partnerNameKey } from './partner-name';

describe('partnerNameKey', () => {
  it('makes names that differ only in case, spacing or Unicode form the same key', () => {
    const key = partnerNameKey('Acme Corp');
    expect(partnerNameKey('ACME CORP')).toBe(key);
    expect(partnerNameKey('  acme   corp ')).toBe(key);
    expect(partnerNameKey('ａｃｍｅ corp')).toBe(key); // fullwidth letters
    expect(partnerNameKey('Acme\u00a0Corp')).toBe(key); // no-break space
  });

  it('keeps names that differ in letters apart', () => {
    expect(partnerNameKey('Acme Corp')).not.toBe(partnerNameKey('Acme Corps'));
    expect(partnerNameKey('Müller AG')).not.toBe(partnerNameKey('Muller AG'));
  });
});
