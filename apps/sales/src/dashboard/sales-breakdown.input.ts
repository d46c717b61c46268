import { ArgsType, Field, registerEnumType } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { IsEnum, IsISO4217CurrencyCode, IsOptional, IsString } from 'class-validator';
import { LocalDate } from '../opportunities/local-date.scalar';

export enum BreakdownDimension {
  OWNER = 'OWNER',
  TEAM = 'TEAM',
  ACCOUNT = 'ACCOUNT',
  PRODUCT = 'PRODUCT',
  NONE = 'NONE',
}

export enum BreakdownPeriod {
  MONTH = 'MONTH',
  QUARTER = 'QUARTER',
  YEAR = 'YEAR',
  ALL_TIME = 'ALL_TIME',
}

registerEnumType(BreakdownDimension, {
  name: 'BreakdownDimension',
  description:
    "What deals are grouped by: their owner, the owner's teams (a deal counts for each team its owner is in now), their account, the products on them (their lines), or nothing.",
});
registerEnumType(BreakdownPeriod, {
  name: 'BreakdownPeriod',
  description: 'Periods of the day deals closed (UTC), or, for open deals, the day they are expected to close.',
});

@ArgsType()
export class SalesBreakdownArgs {
  @Field(() => BreakdownDimension)
  @IsEnum(BreakdownDimension)
  by!: BreakdownDimension;

  @Field(() => BreakdownPeriod, { defaultValue: BreakdownPeriod.ALL_TIME })
  @IsEnum(BreakdownPeriod)
  period: BreakdownPeriod = BreakdownPeriod.ALL_TIME;

  @Field(() => LocalDate, {
    nullable: true,
    description: 'Deals closed (open ones: expected to close) on or after this day; since the first when omitted.',
  })
  @IsOptional()
  @IsString()
  from?: string;

  @Field(() => LocalDate, {
    nullable: true,
    description: 'Deals closed (open ones: expected to close) on or before this day; with no end when omitted.',
  })
  @IsOptional()
  @IsString()
  to?: string;

  @Field(() => String, { description: 'ISO 4217: amounts are never summed across currencies, so only deals in this one count.' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value))
  @IsISO4217CurrencyCode({ message: 'currency must be an ISO 4217 code' })
  currency!: string;
}
