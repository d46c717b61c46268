import { ArgsType, Field } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { IsISO4217CurrencyCode } from 'class-validator';

@ArgsType()
export class AccountRollupArgs {
  @Field(() => String, { description: 'ISO 4217: amounts are never summed across currencies, so only opportunities in this one count.' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value))
  @IsISO4217CurrencyCode({ message: 'currency must be an ISO 4217 code' })
  currency!: string;
}
