import { Connection, PARTNER_TAG } from '@crm/graphql';
import { Directive, Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { LeadOfferStatus } from './lead-distribution.enums';
import type { LeadOfferEntity } from './lead-offer.entity';

@ObjectType({
  description:
    'A lead offered to a partner: what it may see before accepting. The person behind it is readable in marketing (partnerLead) once accepted.',
})
@Directive('@key(fields: "id")')
@Directive(PARTNER_TAG)
export class LeadOffer {
  @Field(() => ID)
  id!: string;

  @Field(() => ID, { description: 'The lead in marketing.' })
  leadId!: string;

  @Field(() => ID)
  partnerId!: string;

  @Field(() => LeadOfferStatus)
  status!: LeadOfferStatus;

  @Field(() => String, { nullable: true })
  company!: string | null;

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2.' })
  country!: string | null;

  @Field(() => String, { nullable: true })
  region!: string | null;

  @Field(() => ID, { nullable: true, description: 'The sales product the lead is interested in.' })
  productId!: string | null;

  @Field(() => String, { nullable: true })
  industry!: string | null;

  @Field(() => Int, { nullable: true })
  employeeCount!: number | null;

  @Field()
  offeredAt!: Date;

  @Field({ description: 'Accept or decline by then, or the lead moves to the next partner.' })
  expiresAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When it was accepted, declined or expired.' })
  decidedAt!: Date | null;

  @Field(() => String, { nullable: true })
  declineReason!: string | null;
}

@ObjectType()
export class LeadOfferConnection extends Connection(LeadOffer) {}

/** The offer with its lead loaded (`relations: { lead: true }`). */
export function toLeadOffer(e: LeadOfferEntity): LeadOffer {
  const lead = e.lead!;
  return {
    id: e.id,
    leadId: e.leadId,
    partnerId: e.partnerId,
    status: e.status,
    company: lead.company,
    country: lead.country,
    region: lead.region,
    productId: lead.productId,
    industry: lead.industry,
    employeeCount: lead.employeeCount,
    offeredAt: e.offeredAt,
    expiresAt: e.expiresAt,
    decidedAt: e.decidedAt,
    declineReason: e.declineReason,
  };
}
