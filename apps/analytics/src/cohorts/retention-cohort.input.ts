import { IsCalendarDate } from '@crm/graphql';
import { ArgsType, Field } from '@nestjs/graphql';

@ArgsType()
export class RetentionCohortsArgs {
  @Field({ description: 'A day (YYYY-MM-DD) in the first cohort month.' })
  @IsCalendarDate({ message: 'from must be a calendar date, YYYY-MM-DD' })
  from!: string;

  @Field({
    description: 'A day in the last month reported, not before from; at most 36 months after it. Each cohort is followed up to it.',
  })
  @IsCalendarDate({ message: 'to must be a calendar date, YYYY-MM-DD' })
  to!: string;
}
