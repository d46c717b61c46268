import { LEAD_ROUTING_REGIONS } from '@crm/contracts';
import { ConnectionArgs, UuidInput } from '@crm/graphql';
import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional } from 'class-validator';

const upper = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value);

@InputType()
export class RouteLeadToPartnersInput {
  @Field(() => ID, { description: 'A QUALIFIED lead, not routed before.' })
  @UuidInput()
  leadId!: string;

  @Field(() => String, {
    nullable: true,
    description: `The sales region partners are matched by besides the lead's country (${LEAD_ROUTING_REGIONS.join(', ')}); needed when the lead has no country.`,
  })
  @IsOptional()
  @Transform(upper)
  @IsIn(LEAD_ROUTING_REGIONS, { message: `region must be one of ${LEAD_ROUTING_REGIONS.join(', ')}` })
  region?: (typeof LEAD_ROUTING_REGIONS)[number] | null;

  @Field(() => ID, { nullable: true, description: 'The sales product the lead is interested in, for rules that route by product.' })
  @UuidInput({ optional: true })
  productId?: string | null;
}

@ArgsType()
export class PartnerLeadsArgs extends ConnectionArgs {}
