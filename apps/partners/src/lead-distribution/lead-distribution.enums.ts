import { registerEnumType } from '@nestjs/graphql';

export enum LeadOfferStatus {
  PENDING = 'PENDING',
  ACCEPTED = 'ACCEPTED',
  DECLINED = 'DECLINED',
  EXPIRED = 'EXPIRED',
}

registerEnumType(LeadOfferStatus, {
  name: 'LeadOfferStatus',
  description:
    'PENDING until the partner accepts or declines, or its time runs out (EXPIRED); a DECLINED or EXPIRED lead moves to the next partner.',
});

export enum DistributedLeadStatus {
  /** Waiting for the next partner to be chosen: just routed, or its last offer was declined. */
  ROUTING = 'ROUTING',
  /** Offered to one partner, waiting for its answer. */
  OFFERED = 'OFFERED',
  ACCEPTED = 'ACCEPTED',
  /** No eligible partner is left to offer it to. */
  UNASSIGNED = 'UNASSIGNED',
}

registerEnumType(DistributedLeadStatus, {
  name: 'DistributedLeadStatus',
  description:
    'ROUTING while the next partner is chosen, OFFERED to a partner, ACCEPTED by one, or UNASSIGNED when no eligible partner is left.',
});
