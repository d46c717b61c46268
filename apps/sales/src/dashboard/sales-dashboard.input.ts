import { UuidInput, UuidList } from '@crm/graphql';
import { ArgsType, Field, ID } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { IsISO4217CurrencyCode, IsString } from 'class-validator';
import { LocalDate } from '../opportunities/local-date.scalar';

export const DASHBOARD_OWNERS_MAX = 200;

@ArgsType()
export class SalesDashboardArgs {
  @Field(() => [ID], {
    nullable: true,
    description: `The owners whose opportunities count: one user, or the members of a team (at most ${DASHBOARD_OWNERS_MAX}); everyone when omitted.`,
  })
  @UuidList({ max: DASHBOARD_OWNERS_MAX, optional: true })
  ownerIds?: string[];

  // The Date scalar has parsed it already; the decorator keeps the whitelisting validation pipe from dropping it.
  @Field(() => LocalDate, { description: 'First day of the period.' })
  @IsString()
  from!: string;

  @Field(() => LocalDate, { description: 'Last day of the period, included.' })
  @IsString()
  to!: string;

  @Field(() => String, { description: 'ISO 4217: amounts are never summed across currencies, so only opportunities in this one count.' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value))
  @IsISO4217CurrencyCode({ message: 'currency must be an ISO 4217 code' })
  currency!: string;

  @Field(() => ID, { nullable: true, description: 'Only this pipeline; every pipeline when omitted.' })
  @UuidInput({ optional: true })
  pipelineId?: string;
}
