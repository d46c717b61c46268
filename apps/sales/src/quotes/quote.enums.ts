import { registerEnumType } from '@nestjs/graphql';

export enum QuoteStatus {
  DRAFT = 'DRAFT',
  SENT = 'SENT',
  ACCEPTED = 'ACCEPTED',
  REJECTED = 'REJECTED',
  EXPIRED = 'EXPIRED',
}

registerEnumType(QuoteStatus, {
  name: 'QuoteStatus',
  description: 'DRAFT, then SENT to the customer, then ACCEPTED, REJECTED or EXPIRED.',
});
