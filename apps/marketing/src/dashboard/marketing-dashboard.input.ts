import { IsCalendarDate } from '@crm/graphql';
import { ArgsType, Field } from '@nestjs/graphql';

@ArgsType()
export class MarketingDashboardArgs {
  @Field(() => String, { description: 'First day of the period, YYYY-MM-DD (UTC).' })
  @IsCalendarDate()
  from!: string;

  @Field(() => String, { description: 'Last day of the period, included, YYYY-MM-DD (UTC); not before from, at most two years after it.' })
  @IsCalendarDate()
  to!: string;
}
