import { Connection, Money } from '@crm/graphql';
import { Directive, Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { PersonKind } from '../people/person.enums';
import type { CampaignMemberEntity } from './campaign-member.entity';
import type { CampaignEntity } from './campaign.entity';
import { CampaignStatus, CampaignType, MemberStatus } from './campaign.enums';

@ObjectType({ description: 'A marketing campaign: an email send, an event, a webinar, paid ads or content.' })
@Directive('@key(fields: "id")')
export class Campaign {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field(() => CampaignType)
  type!: CampaignType;

  @Field(() => CampaignStatus)
  status!: CampaignStatus;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD.' })
  startDate!: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD.' })
  endDate!: string | null;

  @Field(() => Money, { nullable: true })
  budget!: Money | null;

  @Field(() => Money, { nullable: true })
  actualCost!: Money | null;

  @Field(() => ID, { nullable: true, description: 'The campaign this one is part of.' })
  parentId!: string | null;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;
}

@ObjectType()
export class CampaignConnection extends Connection(Campaign) {}

@ObjectType({ description: 'A lead or contact in a campaign.' })
export class CampaignMember {
  @Field(() => ID)
  campaignId!: string;

  @Field(() => PersonKind)
  personKind!: PersonKind;

  @Field(() => ID)
  personId!: string;

  @Field()
  email!: string;

  @Field(() => String, { nullable: true })
  name!: string | null;

  @Field(() => ID, { nullable: true })
  customerId!: string | null;

  @Field(() => MemberStatus)
  status!: MemberStatus;

  @Field()
  addedAt!: Date;

  @Field()
  updatedAt!: Date;
}

@ObjectType()
export class CampaignMemberConnection extends Connection(CampaignMember) {}

@ObjectType({ description: "How many of a campaign's members are at one status now." })
export class CampaignMemberCount {
  @Field(() => MemberStatus)
  status!: MemberStatus;

  @Field(() => Int)
  count!: number;
}

@ObjectType()
export class AddCampaignMembersResult {
  @Field(() => Int, { description: 'People added now, as TARGETED.' })
  added!: number;

  @Field(() => Int, { description: 'People named who were members already: left as they were.' })
  alreadyMembers!: number;
}

/** numeric(19,4) reads "2.5000"; the API says "2.5". */
export const money = (amount: string | null, currency: string | null): Money | null =>
  amount !== null && currency !== null ? { amount: amount.includes('.') ? amount.replace(/\.?0+$/, '') : amount, currency } : null;

export function toCampaign(e: CampaignEntity): Campaign {
  return {
    id: e.id,
    name: e.name,
    type: e.type,
    status: e.status,
    startDate: e.startDate,
    endDate: e.endDate,
    budget: money(e.budgetAmount, e.budgetCurrency),
    actualCost: money(e.actualCostAmount, e.actualCostCurrency),
    parentId: e.parentId,
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
  };
}

export const toCampaignMember = (e: CampaignMemberEntity): CampaignMember => ({
  campaignId: e.campaignId,
  personKind: e.personKind,
  personId: e.personId,
  email: e.email,
  name: e.name,
  customerId: e.customerId,
  status: e.status,
  addedAt: e.addedAt,
  updatedAt: e.updatedAt,
});
