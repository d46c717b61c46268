import { lower } from '@crm/graphql';
import { ArgsType, Field, ID } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { IsDate, IsOptional, IsUUID } from 'class-validator';

@ArgsType()
export class PartnerScorecardArgs {
  @Field(() => ID)
  @Transform(lower)
  @IsUUID('all', { message: 'partnerId must be a UUID' })
  partnerId!: string;

  @Field(() => Date, { nullable: true, description: 'From this instant on (inclusive); since the beginning when left out.' })
  @IsOptional()
  @IsDate({ message: 'from must be a date-time' })
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Up to this instant (exclusive), after from; until now and on when left out.' })
  @IsOptional()
  @IsDate({ message: 'to must be a date-time' })
  to?: Date | null;
}
