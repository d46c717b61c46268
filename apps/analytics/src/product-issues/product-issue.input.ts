import { lowerAll, MAX_PAGE_SIZE } from '@crm/graphql';
import { ArgsType, Field, ID, Int } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsEnum, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { PeriodGrain } from '../periods/period';
import { DayRangeArgs } from '../periods/day-range.args';

@ArgsType()
export class ProductIssueRatesArgs extends DayRangeArgs {
  @Field(() => PeriodGrain)
  @IsEnum(PeriodGrain, { message: `grain must be one of ${Object.values(PeriodGrain).join(', ')}` })
  grain!: PeriodGrain;

  @Field(() => [ID], { nullable: true, description: 'Only these products; every product with a case or a sale when left out.' })
  @IsOptional()
  @ArrayMaxSize(MAX_PAGE_SIZE, { message: `productIds takes at most ${MAX_PAGE_SIZE} ids` })
  @Transform(lowerAll)
  @IsUUID('all', { each: true, message: 'each of productIds must be a UUID' })
  productIds?: string[];

  @Field(() => Int, { nullable: true, description: `At most this many rows (default and limit ${MAX_PAGE_SIZE}).` })
  @IsOptional()
  @IsInt({ message: 'first must be an integer' })
  @Min(1, { message: 'first must be at least 1' })
  @Max(MAX_PAGE_SIZE, { message: `first must be at most ${MAX_PAGE_SIZE}` })
  first?: number;
}
