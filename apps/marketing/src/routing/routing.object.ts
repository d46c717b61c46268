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

  @Field({ description: "Whether the rule hands its leads to partners' distribution rather than an owner." })
  toPartners!: boolean;

  @Field(() => String, { nullable: true, description: 'The region partners match a lead without a country by (rules to partners).' })
  partnerRegion!: string | null;

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
  toPartners: e.toPartners,
  partnerRegion: e.partnerRegion,
  assigned: e.assigned,
  active: e.active,
});
