import { Column, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { ProductEntity } from './product.entity';

/**
 * The columns a line of products has, on a quote and on a deal alike: one declaration, so the two
 * keep the same exact numeric types. Not an entity: the line tables extend it.
 */
export abstract class PricedLineColumns {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('int')
  position!: number;

  @Column('uuid')
  productId!: string;

  @ManyToOne('ProductEntity', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'product_id' })
  product?: ProductEntity;

  /** The product's name when the line was written: a line does not change when the catalogue does. */
  @Column('text')
  description!: string;

  @Column('numeric', { precision: 19, scale: 4 })
  quantity!: string;

  @Column('numeric', { precision: 19, scale: 4 })
  unitPrice!: string;

  @Column('numeric', { precision: 7, scale: 4 })
  discountPercent!: string;

  /** After discount, before tax, rounded to the currency's minor unit. */
  @Column('numeric', { precision: 19, scale: 4 })
  netAmount!: string;
}
