import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { LeadSource } from './lead.enums';
import { CaptureLeadInput } from './lead.input';

async function check(plain: Record<string, unknown>): Promise<{ input: CaptureLeadInput; invalid: string[] }> {
  const input = plainToInstance(CaptureLeadInput, { name: 'Ada', source: LeadSource.WEB_FORM, email: 'ada@acme.com', ...plain });
  const errors = await validate(input);
  return { input, invalid: errors.map((e) => e.property) };
}

describe('CaptureLeadInput', () => {
  it('normalises the email to lowercase without surrounding spaces, and trims the name and company', async () => {
    const { input, invalid } = await check({ email: '  Ada.Lovelace@ACME.com ', name: '  Ada Lovelace ', company: ' Acme ' });
    expect(invalid).toEqual([]);
    expect(input).toMatchObject({ email: 'ada.lovelace@acme.com', name: 'Ada Lovelace', company: 'Acme' });
  });

  it('treats a blank company as not given', async () => {
    const { input, invalid } = await check({ company: '   ' });
    expect(invalid).toEqual([]);
    expect(input.company).toBeNull();
  });

  it('lowercases the customer id', async () => {
    const { input } = await check({ customerId: '7F6F0D5E-1C1A-4C57-9C1E-3F1F8A2B9C10' });
    expect(input.customerId).toBe('7f6f0d5e-1c1a-4c57-9c1e-3f1f8a2b9c10');
  });

  it.each([
    ['email', { email: 'not an email' }],
    ['email', { email: `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.com` }],
    ['name', { name: '   ' }],
    ['name', { name: 'x'.repeat(201) }],
    ['company', { company: 'x'.repeat(201) }],
    ['source', { source: 'BILLBOARD' }],
    ['customerId', { customerId: '42' }],
  ])('refuses a bad %s', async (field, plain) => {
    expect((await check(plain)).invalid).toEqual([field]);
  });

  it('accepts names and companies of exactly 200 characters', async () => {
    expect((await check({ name: 'x'.repeat(200), company: 'y'.repeat(200) })).invalid).toEqual([]);
  });
});
