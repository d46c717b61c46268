import { partnersConfigSchema } from './partners.config';

describe('partners config', () => {
  it('protects a registered domain for 90 days unless DEAL_REGISTRATION_PROTECTION_DAYS says otherwise, in whole days', () => {
    const days = partnersConfigSchema.shape.DEAL_REGISTRATION_PROTECTION_DAYS;
    expect(days.parse(undefined)).toBe(90);
    expect(days.parse('30')).toBe(30);
    for (const bad of ['0', '-5', '1.5', 'ninety']) expect(days.safeParse(bad).success).toBe(false);
  });
});
