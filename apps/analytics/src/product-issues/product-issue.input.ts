import { IsCalendarDate, lowerAll, MAX_PAGE_SIZE } from '@crm/graphql';
import { ArgsType, Field, ID, Int } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsEnum, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { PeriodGrain } from '../periods/period';

@ArgsType()
export class ProductIssueRatesArgs {
  @Field(() => PeriodGrain)
  @IsEnum(PeriodGrain, { message: `grain must be one of ${Object.values(PeriodGrain).join(', ')}` })
  grain!: PeriodGrain;

  @Field({ description: 'A day (YYYY-MM-DD) in the first period reported.' })
  @IsCalendarDate({ message: 'from must be a calendar date, YYYY-MM-DD' })
  from!: string;

  @Field({ description: 'A day (YYYY-MM-DD) in the last period reported, not before from.' })
  @IsCalendarDate({ message: 'to must be a calendar date, YYYY-MM-DD' })
  to!: string;

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
