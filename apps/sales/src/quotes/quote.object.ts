import { Connection, Money } from '@crm/graphql';
import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { lineMoney as money, PricedLine, toPricedLine } from '../products/priced-line.object';
import { LocalDate } from '../opportunities/local-date.scalar';
import { plainDecimal } from '../opportunities/money-amount';
import type { QuoteLineEntity } from './quote-line.entity';
import type { QuoteEntity } from './quote.entity';
import { QuoteStatus } from './quote.enums';

@ObjectType({ description: 'One line of a quote; amounts are rounded once per line to the minor unit, half up.' })
export class QuoteLine extends PricedLine {
  @Field({ description: 'Decimal string, 0 to 100.' })
  taxPercent!: string;

  @Field(() => Money, { description: 'net × tax/100.' })
  tax!: Money;

  @Field(() => Money)
  total!: Money;
}

@ObjectType({ description: 'A priced offer for an opportunity; each new offer is a new version.' })
export class Quote {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  opportunityId!: string;

  @Field(() => Int, { description: '1, 2, 3... per opportunity.' })
  version!: number;

  @Field({ description: 'The version as people say it: "v2".' })
  number!: string;

  @Field(() => QuoteStatus)
  status!: QuoteStatus;

  @Field(() => ID, { nullable: true })
  priceBookId!: string | null;

  @Field(() => Money, { description: 'Sum of the lines after discount, before tax.' })
  subtotal!: Money;

  @Field(() => Money)
  tax!: Money;

  @Field(() => Money, { description: 'subtotal + tax.' })
  total!: Money;

  @Field(() => LocalDate, { nullable: true })
  validUntil!: string | null;

  @Field(() => ID, { nullable: true })
  createdBy!: string | null;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;
}

@ObjectType()
export class QuoteConnection extends Connection(Quote) {}

export function toQuote(e: QuoteEntity): Quote {
  return {
    id: e.id,
    opportunityId: e.opportunityId,
    version: e.version,
    number: `v${e.version}`,
    status: e.status,
    priceBookId: e.priceBookId,
    subtotal: money(e.subtotal, e.currency),
    tax: money(e.taxTotal, e.currency),
    total: money(e.total, e.currency),
    validUntil: e.validUntil,
    createdBy: e.createdBy,
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
  };
}

/** Percentages and quantities as written, without the column's trailing zeros ("12.5000" → "12.5"). */
export function toQuoteLine(e: QuoteLineEntity, currency: string): QuoteLine {
  return {
    ...toPricedLine(e, currency),
    taxPercent: plainDecimal(e.taxPercent),
    tax: money(e.taxAmount, currency),
    total: money(e.total, currency),
  };
}
