import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { LeadSource } from '../leads/lead.enums';
import type { RoutingRuleEntity } from './routing-rule.entity';

@ObjectType('LeadRoutingRule', { description: 'An assignment rule for qualified leads.' })
export class RoutingRule {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field(() => Int)
  position!: number;

  @Field(() => [String])
  countries!: string[];

  @Field(() => [String])
  industries!: string[];

  @Field(() => [LeadSource])
  sources!: LeadSource[];

  @Field(() => [ID])
  ownerIds!: string[];

  @Field(() => ID, { nullable: true })
  teamId!: string | null;

  @Field(() => Int, { description: 'Leads the rule has assigned.' })
  assigned!: number;

  @Field()
  active!: boolean;
}

export const toRoutingRule = (e: RoutingRuleEntity): RoutingRule => ({
  id: e.id,
  name: e.name,
  position: e.position,
  countries: e.countries,
  industries: e.industries,
  sources: e.sources as LeadSource[],
  ownerIds: e.ownerIds,
  teamId: e.teamId,
  assigned: e.assigned,
  active: e.active,
});
