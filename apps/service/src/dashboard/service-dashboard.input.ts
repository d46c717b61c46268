import { ArgsType, Field } from '@nestjs/graphql';
import { IsDate } from 'class-validator';

@ArgsType()
export class ServiceDashboardArgs {
  @Field(() => Date, { description: 'Start of the period (inclusive).' })
  @IsDate({ message: 'from must be a date-time' })
  from!: Date;

  @Field(() => Date, { description: 'End of the period (exclusive), not before from.' })
  @IsDate({ message: 'to must be a date-time' })
  to!: Date;
}
