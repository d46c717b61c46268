import type { PartnerCustomerLinkEntity } from './partner-customer-link.entity';
import type { PartnerEntity } from './partner.entity';
import { PartnerKind, PartnerStatus, PartnerTier } from './partner.enums';
import { toPartner, toPartnerCustomerLink } from './partner.object';

describe('partner mappers', () => {
  it('maps a partner row without its internal name key', () => {
    const row: PartnerEntity = {
      id: '7f6f0d5e-1c1a-4c57-9c1e-3f1f8a2b9c10',
      name: 'Acme Corp',
      nameKey: 'acme corp',
      kind: PartnerKind.DISTRIBUTOR,
      tier: PartnerTier.GOLD,
      status: PartnerStatus.ACTIVE,
      territory: ['DE', 'EMEA'],
      channelManagerId: 'cm-1',
      createdAt: new Date('2031-01-01T00:00:00.000Z'),
    };
    expect(toPartner(row)).toEqual({
      id: row.id,
      name: 'Acme Corp',
      kind: 'DISTRIBUTOR',
      tier: 'GOLD',
      status: 'ACTIVE',
      territory: ['DE', 'EMEA'],
      channelManagerId: 'cm-1',
      createdAt: row.createdAt,
    });
  });

  it('maps a link to the customer reference the sales subgraph resolves, with the name partners heard of, or none', () => {
    const link: PartnerCustomerLinkEntity = {
      partnerId: '7f6f0d5e-1c1a-4c57-9c1e-3f1f8a2b9c10',
      customerId: '11111111-1c1a-4c57-9c1e-3f1f8a2b9c10',
      linkedAt: new Date('2031-01-01T00:00:00.000Z'),
    };
    expect(toPartnerCustomerLink(link, 'Initech')).toEqual({
      customerId: link.customerId,
      linkedAt: link.linkedAt,
      customer: { id: link.customerId },
      customerName: 'Initech',
    });
    expect(toPartnerCustomerLink(link, null).customerName).toBeNull();
  });
});
