import { LEAD_ROUTING_REGIONS } from '@crm/contracts';
import { ConnectionArgs } from '@crm/graphql';
import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsUUID } from 'class-validator';

const lower = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);
const upper = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value);

@InputType()
export class RouteLeadToPartnersInput {
  @Field(() => ID, { description: 'A QUALIFIED lead, not routed before.' })
  @Transform(lower)
  @IsUUID('all', { message: 'leadId must be a UUID' })
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
  @IsOptional()
  @Transform(lower)
  @IsUUID('all', { message: 'productId must be a UUID' })
  productId?: string | null;
}

@ArgsType()
export class PartnerLeadsArgs extends ConnectionArgs {}
