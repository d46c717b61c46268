import { IsCalendarDate, lowerAll, MAX_PAGE_SIZE } from '@crm/graphql';
import { ArgsType, Field, ID, Int } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';

@ArgsType()
export class CampaignPerformanceArgs {
  @Field({ description: 'The first day (YYYY-MM-DD) of the period: its emails, leads and opportunities.' })
  @IsCalendarDate({ message: 'from must be a calendar date, YYYY-MM-DD' })
  from!: string;

  @Field({ description: 'The last day of the period, not before from.' })
  @IsCalendarDate({ message: 'to must be a calendar date, YYYY-MM-DD' })
  to!: string;

  @Field(() => [ID], { nullable: true, description: 'Only these campaigns; every campaign when left out.' })
  @IsOptional()
  @ArrayMaxSize(MAX_PAGE_SIZE, { message: `campaignIds takes at most ${MAX_PAGE_SIZE} ids` })
  @Transform(lowerAll)
  @IsUUID('all', { each: true, message: 'each of campaignIds must be a UUID' })
  campaignIds?: string[];

  @Field(() => Int, { nullable: true, description: `At most this many campaigns, by name (default and limit ${MAX_PAGE_SIZE}).` })
  @IsOptional()
  @IsInt({ message: 'first must be an integer' })
  @Min(1, { message: 'first must be at least 1' })
  @Max(MAX_PAGE_SIZE, { message: `first must be at most ${MAX_PAGE_SIZE}` })
  first?: number;
}
