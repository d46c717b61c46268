import { Money } from '@crm/graphql';
import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { formatAmount, plainDecimal } from '../opportunities/money-amount';
import type { PricedLineColumns } from './priced-line.columns';

/** What a line of products shows, on a quote and on a deal alike. */
@ObjectType({ isAbstract: true })
export abstract class PricedLine {
  @Field(() => ID)
  id!: string;

  @Field(() => Int)
  position!: number;

  @Field(() => ID)
  productId!: string;

  @Field({ description: "The product's name when the line was written." })
  description!: string;

  @Field({ description: 'Decimal string, more than 0.' })
  quantity!: string;

  @Field(() => Money)
  unitPrice!: Money;

  @Field({ description: 'Decimal string, 0 to 100.' })
  discountPercent!: string;

  @Field(() => Money, { description: 'quantity × unit price × (1 − discount/100), rounded to the currency.' })
  net!: Money;
}

export const lineMoney = (amount: string, currency: string): Money => ({ amount: formatAmount(amount, currency), currency });

export function toPricedLine(e: PricedLineColumns, currency: string): PricedLine {
  return {
    id: e.id,
    position: e.position,
    productId: e.productId,
    description: e.description,
    quantity: plainDecimal(e.quantity),
    unitPrice: lineMoney(e.unitPrice, currency),
    discountPercent: plainDecimal(e.discountPercent),
    net: lineMoney(e.netAmount, currency),
  };
}
