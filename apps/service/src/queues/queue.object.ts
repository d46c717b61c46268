import { Connection } from '@crm/graphql';
import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { CaseChannel, CaseType } from '../cases/case.enums';
import type { QueueEntity } from './queue.entity';
import { RoutingMode } from './queue.enums';
import type { RoutingRuleEntity } from './routing-rule.entity';

@ObjectType({ description: 'A queue of cases, worked by its members.' })
export class Queue {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field(() => RoutingMode)
  routingMode!: RoutingMode;

  @Field()
  createdAt!: Date;
}

@ObjectType()
export class QueueConnection extends Connection(Queue) {}

@ObjectType({ description: 'Sends a new case to a queue when every condition it sets matches; null matches anything.' })
export class RoutingRule {
  @Field(() => Int, { description: 'Rules are tried from 0 up; the first match wins.' })
  position!: number;

  @Field(() => ID)
  queueId!: string;

  @Field(() => CaseType, { nullable: true })
  caseType!: CaseType | null;

  @Field(() => CaseChannel, { nullable: true })
  channel!: CaseChannel | null;

  @Field(() => ID, { nullable: true })
  productId!: string | null;

  @Field(() => Int, { nullable: true, description: "The customers' tier it matches (1 the top); null matches any." })
  customerTier!: number | null;
}

export function toQueue(e: QueueEntity): Queue {
  return { id: e.id, name: e.name, routingMode: e.routingMode, createdAt: e.createdAt };
}

export function toRoutingRule(e: RoutingRuleEntity): RoutingRule {
  return {
    position: e.position,
    queueId: e.queueId,
    caseType: e.caseType,
    channel: e.channel,
    productId: e.productId,
    customerTier: e.customerTier,
  };
}
