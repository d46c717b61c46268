import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { PriceBookEntity } from './price-book.entity';
import type { ProductEntity } from './product.entity';

@Entity('price_book_entry')
@Check('price_book_entry_unit_price_check', `"unit_price" >= 0`)
export class PriceBookEntryEntity {
  @PrimaryColumn('uuid')
  priceBookId!: string;

  @PrimaryColumn('uuid')
  productId!: string;

  @PrimaryColumn('char', { length: 3 })
  currency!: string;

  @ManyToOne('PriceBookEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'price_book_id' })
  priceBook?: PriceBookEntity;

  @ManyToOne('ProductEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'product_id' })
  product?: ProductEntity;

  /** Exact decimal; never a float. */
  @Column('numeric', { precision: 19, scale: 4 })
  unitPrice!: string;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
