import { registerEnumType } from '@nestjs/graphql';

export enum PartnerKind {
  RESELLER = 'RESELLER',
  AFFILIATE = 'AFFILIATE',
  REFERRAL = 'REFERRAL',
}

registerEnumType(PartnerKind, {
  name: 'PartnerKind',
  description: 'How the partner works with us: resells, earns on affiliate sales, or refers customers.',
});
