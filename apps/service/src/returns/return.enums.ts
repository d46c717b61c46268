import { registerEnumType } from '@nestjs/graphql';
import { StatusFlow } from '../status-flow';

/** Returns one case may have, so a case's list stays bounded (a merge of duplicates included). */
export const RETURNS_PER_CASE_MAX = 20;

export enum ReturnStatus {
  REQUESTED = 'REQUESTED',
  APPROVED = 'APPROVED',
  RECEIVED = 'RECEIVED',
  REFUNDED = 'REFUNDED',
  REJECTED = 'REJECTED',
}

export enum ItemCondition {
  UNOPENED = 'UNOPENED',
  OPENED = 'OPENED',
  USED = 'USED',
  DAMAGED = 'DAMAGED',
  DEFECTIVE = 'DEFECTIVE',
}

registerEnumType(ReturnStatus, {
  name: 'ReturnStatus',
  description: 'REQUESTED, APPROVED (the goods may come back), RECEIVED, then REFUNDED; or REJECTED at any step before the refund.',
});
registerEnumType(ItemCondition, { name: 'ItemCondition', description: 'The state the customer says a returned item is in.' });

/** Every move a return may make; REFUNDED and REJECTED are final. */
export const RETURN_FLOW = new StatusFlow<ReturnStatus>('return', {
  [ReturnStatus.REQUESTED]: [ReturnStatus.APPROVED, ReturnStatus.REJECTED],
  [ReturnStatus.APPROVED]: [ReturnStatus.RECEIVED, ReturnStatus.REJECTED],
  [ReturnStatus.RECEIVED]: [ReturnStatus.REFUNDED, ReturnStatus.REJECTED],
  [ReturnStatus.REFUNDED]: [],
  [ReturnStatus.REJECTED]: [],
});
