import { registerEnumType } from '@nestjs/graphql';

export enum PartnerKind {
  RESELLER = 'RESELLER',
  REFERRAL = 'REFERRAL',
  DISTRIBUTOR = 'DISTRIBUTOR',
  TECHNOLOGY = 'TECHNOLOGY',
  /** Kept so partners created as affiliates still read; new ones are REFERRAL. */
  AFFILIATE = 'AFFILIATE',
}

registerEnumType(PartnerKind, {
  name: 'PartnerKind',
  description: 'How the partner works with us: resells, refers customers, distributes to resellers, or integrates its technology.',
  valuesMap: { AFFILIATE: { deprecationReason: 'Use REFERRAL: affiliates are referral partners.' } },
});

export enum PartnerTier {
  REGISTERED = 'REGISTERED',
  SILVER = 'SILVER',
  GOLD = 'GOLD',
  PLATINUM = 'PLATINUM',
}

registerEnumType(PartnerTier, { name: 'PartnerTier', description: 'The programme level, REGISTERED on joining.' });

export enum PartnerStatus {
  PROSPECT = 'PROSPECT',
  ACTIVE = 'ACTIVE',
  SUSPENDED = 'SUSPENDED',
}

registerEnumType(PartnerStatus, {
  name: 'PartnerStatus',
  description: "PROSPECT on creation; a SUSPENDED partner's users are refused (FORBIDDEN) from the next request on.",
});
