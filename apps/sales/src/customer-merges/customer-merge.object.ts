import { Field, ID, ObjectType } from '@nestjs/graphql';
import type { CustomerMergeEntity } from '../customers/customer-merge.entity';
import { Customer } from '../customers/customer.object';

@ObjectType({ description: 'The audit of one customer merge: who merged which customer into which, when, and what moved.' })
export class CustomerMerge {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  survivorId!: string;

  @Field(() => ID, { description: 'The customer merged away: soft-deleted for good.' })
  mergedId!: string;

  @Field(() => [ID], { description: 'The contacts that moved to the survivor.' })
  movedContactIds!: string[];

  @Field(() => [ID], { description: 'The opportunities that moved to the survivor.' })
  movedOpportunityIds!: string[];

  @Field(() => [ID], { description: 'The activities that moved to the survivor.' })
  movedActivityIds!: string[];

  @Field(() => ID, { nullable: true, description: 'The user who merged.' })
  mergedBy!: string | null;

  @Field()
  mergedAt!: Date;
}

@ObjectType({ description: 'What mergeCustomers answers: the survivor, and the audit of the merge.' })
export class MergeCustomersPayload {
  @Field(() => Customer)
  survivor!: Customer;

  @Field(() => CustomerMerge)
  merge!: CustomerMerge;
}

export function toCustomerMerge(e: CustomerMergeEntity): CustomerMerge {
  return {
    id: e.id,
    survivorId: e.survivorId,
    mergedId: e.mergedId,
    movedContactIds: e.moved.contactIds,
    movedOpportunityIds: e.moved.opportunityIds,
    movedActivityIds: e.moved.activityIds ?? [],
    mergedBy: e.mergedBy,
    mergedAt: e.mergedAt,
  };
}
