import { ConnectionArgs, UuidInput, SortArg } from '@crm/graphql';
import { ArgsType, Field, ID, registerEnumType } from '@nestjs/graphql';
import { IsDate, IsOptional } from 'class-validator';
import { SCORECARD_SORT_KEYS, type ScorecardSort } from './scorecard.repository';

@ArgsType()
export class PartnerScorecardArgs {
  @Field(() => ID)
  @UuidInput()
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

/** The cross-partner list's orders, best first, ties by partner id. */
export const PartnerScorecardSort = Object.fromEntries(Object.keys(SCORECARD_SORT_KEYS).map((k) => [k, k])) as { [K in ScorecardSort]: K };

registerEnumType(PartnerScorecardSort, {
  name: 'PartnerScorecardSort',
  description: 'Best first by registrations submitted, registrations won, or win rate (partners with nothing decided last).',
});

@ArgsType()
export class PartnerScorecardsArgs extends ConnectionArgs {
  @SortArg(PartnerScorecardSort, 'REGISTRATIONS_WON_DESC')
  sort: ScorecardSort = 'REGISTRATIONS_WON_DESC';

  @Field(() => Date, { nullable: true, description: 'From this instant on (inclusive); since the beginning when left out.' })
  @IsOptional()
  @IsDate({ message: 'from must be a date-time' })
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Up to this instant (exclusive), after from; until now and on when left out.' })
  @IsOptional()
  @IsDate({ message: 'to must be a date-time' })
  to?: Date | null;
}
