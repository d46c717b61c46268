import type { Identity } from '@crm/auth';
import { randomUUID } from 'node:crypto';
import { UnitOfWork, type Transaction } from '@crm/database';
import { InvalidError, NotFoundError } from '@crm/domain';
import { groupByKeys, type ConnectionShape } from '@crm/graphql';
import { Injectable } from '@nestjs/common';
import { isNegative } from '../opportunities/money-amount';
import type { PriceBookEntryEntity } from './price-book-entry.entity';
import type { PriceBookEntity } from './price-book.entity';
import type { ProductEntity } from './product.entity';
import {
  type CreatePriceBookInput,
  type CreateProductInput,
  type ProductsArgs,
  type SetPriceInput,
  type SetProductActiveInput,
} from './product.input';
import { PRODUCT_CURSORS, ProductRepository } from './product.repository';

/** A line of a quote or a deal before pricing: its product, and a unit price when the caller gave one. */
export interface UnpricedLine {
  productId: string;
  unitPrice?: string | undefined;
}

export interface PricedProductLine {
  unitPrice: string;
  /** The product's name, which the line keeps. */
  name: string;
}

@Injectable()
export class ProductService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly catalogue: ProductRepository,
  ) {}

  create(caller: Identity, input: CreateProductInput): Promise<ProductEntity> {
    return this.uow.run(caller, async (tx) => {
      if (await this.catalogue.findProductBySku(tx, input.sku)) throw new InvalidError('sku', `a product with SKU ${input.sku} exists`);
      const product: ProductEntity = {
        id: randomUUID(),
        sku: input.sku,
        name: input.name,
        description: input.description ?? null,
        active: true,
        createdAt: new Date(),
      };
      await this.catalogue.insertProduct(tx, product);
      return product;
    });
  }

  setActive(caller: Identity, input: SetProductActiveInput): Promise<ProductEntity> {
    return this.uow.run(caller, async (tx) => {
      const product = await this.catalogue.findProductById(input.id, tx);
      if (!product) throw new NotFoundError('Product', input.id);
      await this.catalogue.setActive(tx, product.id, input.active);
      return { ...product, active: input.active };
    });
  }

  createPriceBook(caller: Identity, input: CreatePriceBookInput): Promise<PriceBookEntity> {
    return this.uow.run(caller, async (tx) => {
      if (await this.catalogue.findPriceBookByName(tx, input.name))
        throw new InvalidError('name', `a price book named "${input.name}" exists`);
      const book: PriceBookEntity = { id: randomUUID(), name: input.name, createdAt: new Date() };
      await this.catalogue.insertPriceBook(tx, book);
      return book;
    });
  }

  setPrice(caller: Identity, input: SetPriceInput): Promise<PriceBookEntryEntity> {
    if (isNegative(input.unitPrice.amount)) throw new InvalidError('unitPrice.amount', 'must not be negative');
    return this.uow.run(caller, async (tx) => {
      if (!(await this.catalogue.findPriceBookById(input.priceBookId, tx))) throw new NotFoundError('Price book', input.priceBookId);
      if (!(await this.catalogue.findProductById(input.productId, tx))) throw new NotFoundError('Product', input.productId);
      const entry: PriceBookEntryEntity = {
        priceBookId: input.priceBookId,
        productId: input.productId,
        currency: input.unitPrice.currency.toUpperCase(),
        unitPrice: input.unitPrice.amount,
        updatedAt: new Date(),
      };
      await this.catalogue.upsertPrice(tx, entry);
      return entry;
    });
  }

  findById(id: string): Promise<ProductEntity | null> {
    return this.catalogue.findProductById(id);
  }

  async findByIds(ids: readonly string[]): Promise<(ProductEntity | null)[]> {
    const byId = new Map((await this.catalogue.findProductsByIds(ids)).map((p) => [p.id, p]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /**
   * Prices the lines of a quote or a deal in the caller's transaction: each line's own unit price, or
   * the price book's in `currency`; with each product's name, as the line records it. Products must
   * exist and be active; a refusal names the line (`lines.2.unitPrice`).
   */
  async priceLines(
    tx: Transaction,
    priceBookId: string | null | undefined,
    lines: UnpricedLine[],
    currency: string,
  ): Promise<PricedProductLine[]> {
    const productIds = [...new Set(lines.map((l) => l.productId))];
    const products = new Map((await this.catalogue.findProductsByIds(productIds, tx)).map((p) => [p.id, p]));
    lines.forEach((l, i) => {
      const product = products.get(l.productId);
      if (!product) throw new NotFoundError('Product', l.productId);
      if (!product.active) throw new InvalidError(`lines.${i}.productId`, 'is an inactive product');
    });
    let prices = new Map<string, string>();
    if (priceBookId) {
      if (!(await this.catalogue.findPriceBookById(priceBookId, tx))) throw new NotFoundError('Price book', priceBookId);
      const entries = await this.catalogue.pricesFor(tx, priceBookId, currency, productIds);
      prices = new Map(entries.map((e) => [e.productId, e.unitPrice]));
    }
    return lines.map((l, i) => {
      const unitPrice = l.unitPrice ?? prices.get(l.productId);
      if (unitPrice === undefined) {
        throw new InvalidError(
          `lines.${i}.unitPrice`,
          `is required: ${priceBookId ? `the price book has no ${currency} price for it` : 'no price book was given'}`,
        );
      }
      return { unitPrice, name: products.get(l.productId)!.name };
    });
  }

  priceBooks(): Promise<PriceBookEntity[]> {
    return this.catalogue.allPriceBooks();
  }

  async pricesByProductIds(ids: readonly string[]): Promise<PriceBookEntryEntity[][]> {
    return groupByKeys(ids, await this.catalogue.pricesOfProducts(ids), (e) => e.productId);
  }

  async pricesByPriceBookIds(ids: readonly string[]): Promise<PriceBookEntryEntity[][]> {
    return groupByKeys(ids, await this.catalogue.pricesOfBook(ids), (e) => e.priceBookId);
  }

  async page(args: ProductsArgs): Promise<ConnectionShape<ProductEntity>> {
    return PRODUCT_CURSORS.page(args, (q) => this.catalogue.page({ ...q, filter: args.filter ?? {} }));
  }
}
