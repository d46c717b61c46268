import { MAX_PAGE_SIZE, UuidList } from '@crm/graphql';
import { ArgsType, Field, ID, Int } from '@nestjs/graphql';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { DayRangeArgs } from '../periods/day-range.args';

@ArgsType()
export class CampaignPerformanceArgs extends DayRangeArgs {
  @Field(() => [ID], { nullable: true, description: 'Only these campaigns; every campaign when left out.' })
  @UuidList({ max: MAX_PAGE_SIZE, optional: true })
  campaignIds?: string[];

  @Field(() => Int, { nullable: true, description: `At most this many campaigns, by name (default and limit ${MAX_PAGE_SIZE}).` })
  @IsOptional()
  @IsInt({ message: 'first must be an integer' })
  @Min(1, { message: 'first must be at least 1' })
  @Max(MAX_PAGE_SIZE, { message: `first must be at most ${MAX_PAGE_SIZE}` })
  first?: number;
}
