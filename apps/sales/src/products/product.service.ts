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

  /** Products read in the caller's transaction, for quoting. */
  productsFor(tx: Transaction, ids: string[]): Promise<ProductEntity[]> {
    return this.catalogue.findProductsByIds(ids, tx);
  }

  priceBook(tx: Transaction, id: string): Promise<PriceBookEntity | null> {
    return this.catalogue.findPriceBookById(id, tx);
  }

  pricesFor(tx: Transaction, priceBookId: string, currency: string, productIds: string[]): Promise<PriceBookEntryEntity[]> {
    return this.catalogue.pricesFor(tx, priceBookId, currency, productIds);
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
