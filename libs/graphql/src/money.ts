import { Directive, Field, InputType, ObjectType } from '@nestjs/graphql';
import { IsISO4217CurrencyCode, Matches } from 'class-validator';

const DECIMAL = /^-?\d{1,15}(\.\d{1,4})?$/;

/** Money is never a float: a decimal string amount and an ISO 4217 currency. */
@ObjectType({ description: 'An amount of money: a decimal string and an ISO 4217 currency code.' })
@Directive('@shareable')
export class Money {
  @Field({ description: 'Decimal amount, e.g. "1250.00". Never a float.' })
  amount!: string;

  @Field({ description: 'ISO 4217 currency code, e.g. "EUR".' })
  currency!: string;
}

@InputType()
export class MoneyInput {
  @Field()
  @Matches(DECIMAL, { message: 'amount must be a decimal string with at most 4 decimal places' })
  amount!: string;

  @Field()
  @IsISO4217CurrencyCode({ message: 'currency must be an ISO 4217 code' })
  currency!: string;
}
