import { IsCalendarDate } from '@crm/graphql';
import { ArgsType, Field } from '@nestjs/graphql';

/** The days a report covers, from and to included: the reports check to against from themselves. */
@ArgsType()
export class DayRangeArgs {
  @Field({ description: 'The first day (YYYY-MM-DD) reported, or a day in the first period.' })
  @IsCalendarDate({ message: 'from must be a calendar date, YYYY-MM-DD' })
  from!: string;

  @Field({ description: 'The last day reported, or a day in the last period; not before from.' })
  @IsCalendarDate({ message: 'to must be a calendar date, YYYY-MM-DD' })
  to!: string;
}
