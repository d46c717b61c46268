import { Connection } from '@crm/graphql';
import { Directive, Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { LeadStatusChangeEntity } from './lead-status-change.entity';
import type { LeadEntity } from './lead.entity';
import { LeadSource, LeadStatus } from './lead.enums';

@ObjectType({ description: 'Where a lead came from, in more detail than its source.' })
export class LeadSourceDetail {
  @Field(() => ID, { nullable: true, description: 'The web form it came through.' })
  formId!: string | null;

  @Field(() => ID, { nullable: true, description: 'The campaign that brought it.' })
  campaignId!: string | null;

  @Field(() => String, { nullable: true, description: 'Who or what referred it.' })
  referral!: string | null;
}

@ObjectType({ description: 'A person who showed interest, before (or while) becoming a customer.' })
// A key so sales can add `notes` and analytics' search hits resolve here.
@Directive('@key(fields: "id")')
export class Lead {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Lowercased; unique across leads.' })
  email!: string;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  company!: string | null;

  @Field(() => ID, { nullable: true, description: 'The user who works the lead; null while unassigned.' })
  ownerId!: string | null;

  @Field(() => String, { nullable: true })
  title!: string | null;

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2 country code.' })
  country!: string | null;

  @Field(() => String, { nullable: true })
  industry!: string | null;

  @Field(() => Int, { nullable: true })
  employeeCount!: number | null;

  @Field(() => LeadSource)
  source!: LeadSource;

  @Field(() => LeadSourceDetail)
  sourceDetail!: LeadSourceDetail;

  @Field(() => [String], { description: 'Lower-cased, sorted.' })
  tags!: string[];

  @Field(() => String, {
    nullable: true,
    description: "The primary email's domain, unless a free-mail provider's: duplicates are found by it.",
  })
  companyDomain!: string | null;

  @Field(() => String, { nullable: true, description: 'Why the lead is UNQUALIFIED; null in any other status.' })
  unqualifiedReason!: string | null;

  @Field(() => LeadStatus)
  status!: LeadStatus;

  @Field(() => ID, { nullable: true, description: 'The customer this lead belongs to, when known.' })
  customerId!: string | null;

  @Field(() => Date, { nullable: true, description: 'When the lead was converted into a customer; null until then.' })
  convertedAt!: Date | null;

  @Field(() => ID, { nullable: true, description: 'The contact the conversion created in sales.' })
  convertedContactId!: string | null;

  @Field(() => ID, { nullable: true, description: 'The opportunity the conversion opened in sales, if it opened one.' })
  convertedOpportunityId!: string | null;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;
}

@ObjectType()
export class LeadConnection extends Connection(Lead) {}

export function toLead(e: LeadEntity): Lead {
  return {
    id: e.id,
    email: e.email,
    name: e.name,
    company: e.company,
    ownerId: e.ownerId,
    title: e.title,
    country: e.country,
    industry: e.industry,
    employeeCount: e.employeeCount,
    source: e.source,
    sourceDetail: { formId: e.sourceFormId, campaignId: e.sourceCampaignId, referral: e.sourceReferral },
    tags: e.tags,
    companyDomain: e.companyDomain,
    unqualifiedReason: e.unqualifiedReason,
    status: e.status,
    customerId: e.customerId,
    convertedAt: e.convertedAt,
    convertedContactId: e.convertedContactId,
    convertedOpportunityId: e.convertedOpportunityId,
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
  };
}

@ObjectType({ description: "One move of a lead's status." })
export class LeadStatusChange {
  @Field(() => ID)
  id!: string;

  @Field(() => LeadStatus)
  from!: LeadStatus;

  @Field(() => LeadStatus)
  to!: LeadStatus;

  @Field(() => String, { nullable: true, description: 'Why, for a move to UNQUALIFIED.' })
  reason!: string | null;

  @Field(() => ID, { nullable: true, description: 'The user who moved it; null when the system did (routing, scoring).' })
  changedBy!: string | null;

  @Field()
  changedAt!: Date;
}

@ObjectType()
export class LeadStatusChangeConnection extends Connection(LeadStatusChange) {}

export const toLeadStatusChange = (e: LeadStatusChangeEntity): LeadStatusChange => ({
  id: e.id,
  from: e.fromStatus,
  to: e.toStatus,
  reason: e.reason,
  changedBy: e.changedBy,
  changedAt: e.changedAt,
});

export enum LeadDuplicateMatch {
  EMAIL = 'EMAIL',
  COMPANY_DOMAIN = 'COMPANY_DOMAIN',
}

registerEnumType(LeadDuplicateMatch, {
  name: 'LeadDuplicateMatch',
  description: 'What a possible duplicate shares with the lead: an email address, or the company domain.',
});

@ObjectType({ description: 'Another lead that may be the same person or company.' })
export class LeadDuplicate {
  @Field(() => Lead)
  lead!: Lead;

  @Field(() => [LeadDuplicateMatch])
  matchedOn!: LeadDuplicateMatch[];
}
