import { Connection, Money, PORTAL_TAG } from '@crm/graphql';
import { Directive, Field, ID, Int, ObjectType } from '@nestjs/graphql';
import type { Identity } from '@crm/auth';
import { actorSeenBy } from '../cases/portal-contact';
import type { ReturnItemEntity } from './return-item.entity';
import type { ReturnEntity } from './return.entity';
import { ItemCondition, ReturnStatus } from './return.enums';

@ObjectType()
export class ReturnItem {
  @Field(() => ID)
  productId!: string;

  @Field(() => Int)
  quantity!: number;

  @Field()
  reason!: string;

  @Field(() => ItemCondition)
  condition!: ItemCondition;
}

@Directive(PORTAL_TAG)
@ObjectType({ description: 'A return authorisation (RMA) on a return case: the items coming back and, once REFUNDED, the refund.' })
export class CaseReturn {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  caseId!: string;

  @Field(() => ID)
  customerId!: string;

  @Field(() => ReturnStatus)
  status!: ReturnStatus;

  @Field(() => [ReturnItem], { description: 'In the order they were asked for.' })
  items!: ReturnItem[];

  @Field(() => Money, { nullable: true, description: 'What was paid back; null until REFUNDED.' })
  refund!: Money | null;

  @Field(() => String, { nullable: true, description: 'Why it was REJECTED; null otherwise.' })
  rejectionReason!: string | null;

  @Field(() => ID, {
    nullable: true,
    description:
      "The user or, through the portal, the contact who asked for it. A customer sees its own contact's id here and null for support's.",
  })
  requestedBy!: string | null;

  @Field()
  requestedAt!: Date;

  @Field()
  updatedAt!: Date;
}

@ObjectType()
export class CaseReturnConnection extends Connection(CaseReturn) {}

/** A return and its items, as the service reads them together. */
export interface ReturnWithItems {
  ret: ReturnEntity;
  items: ReturnItemEntity[];
}

export function toCaseReturn({ ret, items }: ReturnWithItems, caller: Identity): CaseReturn {
  return {
    id: ret.id,
    caseId: ret.caseId,
    customerId: ret.customerId,
    status: ret.status,
    items: items.map((i) => ({ productId: i.productId, quantity: i.quantity, reason: i.reason, condition: i.condition })),
    refund: ret.refundAmount !== null && ret.refundCurrency !== null ? { amount: ret.refundAmount, currency: ret.refundCurrency } : null,
    rejectionReason: ret.rejectionReason,
    requestedBy: actorSeenBy(caller, ret.requestedBy),
    requestedAt: ret.requestedAt,
    updatedAt: ret.updatedAt,
  };
}
