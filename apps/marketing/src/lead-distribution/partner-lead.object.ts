import { Connection, PARTNER_TAG } from '@crm/graphql';
import { Directive, Field, ID, Int, ObjectType } from '@nestjs/graphql';
import type { PartnerLeadEntity } from './partner-lead.entity';

@ObjectType({
  description:
    'A lead routed to the partner channel. A partner reads the leads it accepted, the person included; staff read every routed lead.',
})
@Directive('@key(fields: "id")')
@Directive(PARTNER_TAG)
export class PartnerLead {
  @Field(() => ID, { description: "The lead's id." })
  id!: string;

  @Field()
  name!: string;

  @Field()
  email!: string;

  @Field(() => String, { nullable: true })
  company!: string | null;

  @Field(() => String, { nullable: true })
  title!: string | null;

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2.' })
  country!: string | null;

  @Field(() => String, { nullable: true })
  industry!: string | null;

  @Field(() => Int, { nullable: true })
  employeeCount!: number | null;

  @Field(() => String, { nullable: true })
  region!: string | null;

  @Field(() => ID, { nullable: true })
  productId!: string | null;

  @Field(() => ID, { nullable: true, description: 'The partner that accepted it; null until one does.' })
  partnerId!: string | null;

  @Field()
  routedAt!: Date;

  @Field(() => Date, { nullable: true })
  acceptedAt!: Date | null;
}

@ObjectType()
export class PartnerLeadConnection extends Connection(PartnerLead) {}

/** The routed lead with its lead loaded (`relations: { lead: true }`). */
export function toPartnerLead(e: PartnerLeadEntity): PartnerLead {
  const lead = e.lead!;
  return {
    id: e.leadId,
    name: lead.name,
    email: lead.email,
    company: lead.company,
    title: lead.title,
    country: lead.country,
    industry: lead.industry,
    employeeCount: lead.employeeCount,
    region: e.region,
    productId: e.productId,
    partnerId: e.partnerId,
    routedAt: e.routedAt,
    acceptedAt: e.acceptedAt,
  };
}
