import type { Transaction } from '@crm/database';
import { KeysetCursors, type KeysetOf } from '@crm/graphql';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Any, type Repository } from 'typeorm';
import { PriceBookEntryEntity } from './price-book-entry.entity';
import { PriceBookEntity } from './price-book.entity';
import { ProductEntity } from './product.entity';
import { ProductSort, type ProductFilter } from './product.input';

const escapeLike = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The sort values each order pages by: the sort column, then the id. */
export const PRODUCT_CURSORS = new KeysetCursors('products', {
  [ProductSort.NAME_ASC]: { name: 'string', id: 'uuid' },
  [ProductSort.CREATED_AT_DESC]: { createdAt: 'timestamp', id: 'uuid' },
});

export interface ProductPageQuery {
  filter: ProductFilter;
  sort: ProductSort;
  after: KeysetOf<typeof PRODUCT_CURSORS.sorts, ProductSort> | null;
  limit: number;
}

/** Products, price books and their prices: the catalogue. */
@Injectable()
export class ProductRepository {
  constructor(
    @InjectRepository(ProductEntity) private readonly products: Repository<ProductEntity>,
    @InjectRepository(PriceBookEntity) private readonly priceBooks: Repository<PriceBookEntity>,
    @InjectRepository(PriceBookEntryEntity) private readonly entries: Repository<PriceBookEntryEntity>,
  ) {}

  async insertProduct(tx: Transaction, product: ProductEntity): Promise<void> {
    await tx.manager.getRepository(ProductEntity).insert(product);
  }

  async setActive(tx: Transaction, id: string, active: boolean): Promise<void> {
    await tx.manager.getRepository(ProductEntity).update({ id }, { active });
  }

  findProductBySku(tx: Transaction, sku: string): Promise<ProductEntity | null> {
    return tx.manager.getRepository(ProductEntity).findOneBy({ sku });
  }

  findProductById(id: string, tx?: Transaction): Promise<ProductEntity | null> {
    return (tx ? tx.manager.getRepository(ProductEntity) : this.products).findOneBy({ id });
  }

  findProductsByIds(ids: readonly string[], tx?: Transaction): Promise<ProductEntity[]> {
    return (tx ? tx.manager.getRepository(ProductEntity) : this.products).findBy({ id: Any(ids) });
  }

  page(q: ProductPageQuery): Promise<ProductEntity[]> {
    const qb = this.products.createQueryBuilder('p');
    if (q.filter.search) {
      qb.andWhere(`(p.name ILIKE :s ESCAPE '\\' OR p.sku ILIKE :s ESCAPE '\\')`, { s: `%${escapeLike(q.filter.search)}%` });
    }
    if (q.filter.active !== undefined) qb.andWhere('p.active = :active', { active: q.filter.active });
    if (q.sort === ProductSort.CREATED_AT_DESC) {
      if (q.after && 'createdAt' in q.after) qb.andWhere('(p.createdAt, p.id) < (:k, :id)', { k: q.after.createdAt, id: q.after.id });
      qb.orderBy('p.createdAt', 'DESC').addOrderBy('p.id', 'DESC');
    } else {
      if (q.after && 'name' in q.after) qb.andWhere('(p.name, p.id) > (:k, :id)', { k: q.after.name, id: q.after.id });
      qb.orderBy('p.name', 'ASC').addOrderBy('p.id', 'ASC');
    }
    return qb.limit(q.limit).getMany();
  }

  async insertPriceBook(tx: Transaction, priceBook: PriceBookEntity): Promise<void> {
    await tx.manager.getRepository(PriceBookEntity).insert(priceBook);
  }

  findPriceBookByName(tx: Transaction, name: string): Promise<PriceBookEntity | null> {
    return tx.manager.getRepository(PriceBookEntity).findOneBy({ name });
  }

  findPriceBookById(id: string, tx?: Transaction): Promise<PriceBookEntity | null> {
    return (tx ? tx.manager.getRepository(PriceBookEntity) : this.priceBooks).findOneBy({ id });
  }

  allPriceBooks(): Promise<PriceBookEntity[]> {
    return this.priceBooks.find({ order: { name: 'ASC' } });
  }

  async upsertPrice(tx: Transaction, entry: PriceBookEntryEntity): Promise<void> {
    await tx.manager.getRepository(PriceBookEntryEntity).upsert(entry, ['priceBookId', 'productId', 'currency']);
  }

  /** Prices of many products at once, for DataLoader. */
  pricesOfProducts(productIds: readonly string[]): Promise<PriceBookEntryEntity[]> {
    return this.entries.find({ where: { productId: Any(productIds) }, order: { priceBookId: 'ASC', currency: 'ASC' } });
  }

  pricesOfBook(priceBookIds: readonly string[]): Promise<PriceBookEntryEntity[]> {
    return this.entries.find({ where: { priceBookId: Any(priceBookIds) }, order: { productId: 'ASC', currency: 'ASC' } });
  }

  /** The prices one book gives these products in one currency. */
  pricesFor(tx: Transaction, priceBookId: string, currency: string, productIds: string[]): Promise<PriceBookEntryEntity[]> {
    return tx.manager.getRepository(PriceBookEntryEntity).findBy({ priceBookId, currency, productId: Any(productIds) });
  }
}
