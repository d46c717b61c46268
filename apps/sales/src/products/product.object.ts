import { Connection, Money } from '@crm/graphql';
import { Field, ID, ObjectType } from '@nestjs/graphql';
import { formatAmount } from '../opportunities/money-amount';
import type { PriceBookEntryEntity } from './price-book-entry.entity';
import type { PriceBookEntity } from './price-book.entity';
import type { ProductEntity } from './product.entity';

@ObjectType({ description: 'Something the company sells.' })
export class Product {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Stock-keeping unit, unique.' })
  sku!: string;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field({ description: 'Inactive products cannot be quoted.' })
  active!: boolean;

  @Field()
  createdAt!: Date;
}

@ObjectType()
export class ProductConnection extends Connection(Product) {}

@ObjectType({ description: "A product's unit price in one currency of a price book." })
export class PriceBookEntry {
  @Field(() => ID)
  priceBookId!: string;

  @Field(() => ID)
  productId!: string;

  @Field(() => Money)
  unitPrice!: Money;
}

@ObjectType({ description: 'A named list of prices, one per product and currency.' })
export class PriceBook {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field()
  createdAt!: Date;
}

export function toProduct(e: ProductEntity): Product {
  return { id: e.id, sku: e.sku, name: e.name, description: e.description, active: e.active, createdAt: e.createdAt };
}

export function toPriceBook(e: PriceBookEntity): PriceBook {
  return { id: e.id, name: e.name, createdAt: e.createdAt };
}

export function toPriceBookEntry(e: PriceBookEntryEntity): PriceBookEntry {
  return {
    priceBookId: e.priceBookId,
    productId: e.productId,
    unitPrice: { amount: formatAmount(e.unitPrice, e.currency), currency: e.currency },
  };
}
