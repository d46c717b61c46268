import { Connection } from '@crm/graphql';
import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { PartnerTier } from '../partners/partner.enums';
import type { LeadDistributionRuleEntity } from './lead-distribution-rule.entity';

@ObjectType({
  description:
    'Which partners a routed lead may be offered to. Rules are tried by priority; under a rule, the eligible partner offered a lead longest ago goes first.',
})
export class LeadDistributionRule {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field(() => Int)
  priority!: number;

  @Field(() => [String], { description: 'Countries and regions whose leads the rule takes; empty takes every lead.' })
  territory!: string[];

  @Field(() => PartnerTier)
  minimumTier!: PartnerTier;

  @Field(() => ID, { nullable: true })
  productId!: string | null;

  @Field(() => Int)
  capacity!: number;

  @Field(() => Int)
  acceptWithinSeconds!: number;

  @Field()
  active!: boolean;

  @Field()
  createdAt!: Date;
}

@ObjectType()
export class LeadDistributionRuleConnection extends Connection(LeadDistributionRule) {}

export function toLeadDistributionRule(e: LeadDistributionRuleEntity): LeadDistributionRule {
  return {
    id: e.id,
    name: e.name,
    priority: e.priority,
    territory: e.territory,
    minimumTier: e.minimumTier,
    productId: e.productId,
    capacity: e.capacity,
    acceptWithinSeconds: e.acceptWithinSeconds,
    active: e.active,
    createdAt: e.createdAt,
  };
}
