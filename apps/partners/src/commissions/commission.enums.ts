import { registerEnumType } from '@nestjs/graphql';

export enum CommissionStatus {
  ACCRUED = 'ACCRUED',
  APPROVED = 'APPROVED',
  PAID = 'PAID',
  REVERSED = 'REVERSED',
}

registerEnumType(CommissionStatus, {
  name: 'CommissionStatus',
  description:
    'ACCRUED when the opportunity was won; a channel manager APPROVED it, then marked it PAID; REVERSED when the opportunity was lost after it was won (a paid one is then owed back).',
});
