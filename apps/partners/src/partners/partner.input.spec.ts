import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { CreatePartnerInput, LinkPartnerInput } from './partner.input';

async function invalid<T extends object>(cls: new () => T, plain: Record<string, unknown>): Promise<{ input: T; fields: string[] }> {
  const input = plainToInstance(cls, plain);
  return { input, fields: (await validate(input)).map((e) => e.property) };
}

describe('partner inputs', () => {
  it('trims the name and defaults the kind to RESELLER', async () => {
    const { input, fields } = await invalid(CreatePartnerInput, { name: '  Acme Corp ' });
    expect(fields).toEqual([]);
    expect(input).toMatchObject({ name: 'Acme Corp', kind: 'RESELLER' });
  });

  it.each([
    ['name', { name: '   ' }],
    ['name', { name: 'x'.repeat(201) }],
    ['kind', { name: 'Ok', kind: 'VENDOR' }],
  ])('refuses a bad %s for a new partner', async (field, plain) => {
    expect((await invalid(CreatePartnerInput, plain)).fields).toEqual([field]);
  });

  it('takes any UUID as a customer id, lowercased', async () => {
    const { input, fields } = await invalid(LinkPartnerInput, {
      partnerId: '7F6F0D5E-1C1A-4C57-9C1E-3F1F8A2B9C10',
      customerId: 'ABCDEF00-0000-4000-A000-000000000000',
    });
    expect(fields).toEqual([]);
    expect(input).toEqual({ partnerId: '7f6f0d5e-1c1a-4c57-9c1e-3f1f8a2b9c10', customerId: 'abcdef00-0000-4000-a000-000000000000' });
  });

  it.each([
    ['partnerId', { partnerId: '42', customerId: '7f6f0d5e-1c1a-4c57-9c1e-3f1f8a2b9c10' }],
    ['customerId', { partnerId: '7f6f0d5e-1c1a-4c57-9c1e-3f1f8a2b9c10', customerId: 'acme' }],
  ])('refuses a malformed %s for a link', async (field, plain) => {
    expect((await invalid(LinkPartnerInput, plain)).fields).toEqual([field]);
  });
});
