import { registerEnumType } from '@nestjs/graphql';

export enum DealRegistrationStatus {
  SUBMITTED = 'SUBMITTED',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
}

registerEnumType(DealRegistrationStatus, {
  name: 'DealRegistrationStatus',
  description: 'SUBMITTED by the partner; a channel manager APPROVED it (sales opened the opportunity) or REJECTED it with a reason.',
});
