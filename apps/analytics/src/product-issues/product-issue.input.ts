import { MAX_PAGE_SIZE, UuidList } from '@crm/graphql';
import { ArgsType, Field, ID, Int } from '@nestjs/graphql';
import { IsEnum, IsInt, IsOptional, Max, Min } from 'class-validator';
import { PeriodGrain } from '../periods/period';
import { DayRangeArgs } from '../periods/day-range.args';

@ArgsType()
export class ProductIssueRatesArgs extends DayRangeArgs {
  @Field(() => PeriodGrain)
  @IsEnum(PeriodGrain, { message: `grain must be one of ${Object.values(PeriodGrain).join(', ')}` })
  grain!: PeriodGrain;

  @Field(() => [ID], { nullable: true, description: 'Only these products; every product with a case or a sale when left out.' })
  @UuidList({ max: MAX_PAGE_SIZE, optional: true })
  productIds?: string[];

  @Field(() => Int, { nullable: true, description: `At most this many rows (default and limit ${MAX_PAGE_SIZE}).` })
  @IsOptional()
  @IsInt({ message: 'first must be an integer' })
  @Min(1, { message: 'first must be at least 1' })
  @Max(MAX_PAGE_SIZE, { message: `first must be at most ${MAX_PAGE_SIZE}` })
  first?: number;
}
