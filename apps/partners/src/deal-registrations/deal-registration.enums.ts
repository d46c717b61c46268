import { registerEnumType } from '@nestjs/graphql';

export enum DealRegistrationStatus {
  SUBMITTED = 'SUBMITTED',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
  WON = 'WON',
  LOST = 'LOST',
  EXPIRED = 'EXPIRED',
}

registerEnumType(DealRegistrationStatus, {
  name: 'DealRegistrationStatus',
  description:
    'SUBMITTED by the partner; a channel manager APPROVED it (sales opened the opportunity) or REJECTED it with a reason; the opportunity was then WON or LOST in sales (a reopened one is APPROVED again), or it was not won by the protection expiry and EXPIRED.',
});
