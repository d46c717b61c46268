import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { ProductEntity } from '../products/product.entity';
import type { QuoteEntity } from './quote.entity';

@Entity('quote_line')
@Index('quote_line_quote_idx', ['quoteId', 'position'], { unique: true })
@Index('quote_line_product_idx', ['productId'])
@Check('quote_line_quantity_check', `"quantity" > 0`)
@Check('quote_line_unit_price_check', `"unit_price" >= 0`)
@Check('quote_line_discount_check', `"discount_percent" BETWEEN 0 AND 100`)
@Check('quote_line_tax_check', `"tax_percent" BETWEEN 0 AND 100`)
export class QuoteLineEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid')
  quoteId!: string;

  @ManyToOne('QuoteEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'quote_id' })
  quote?: QuoteEntity;

  @Column('int')
  position!: number;

  @Column('uuid')
  productId!: string;

  @ManyToOne('ProductEntity', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'product_id' })
  product?: ProductEntity;

  /** The product's name when quoted: a quote does not change when the catalogue does. */
  @Column('text')
  description!: string;

  @Column('numeric', { precision: 19, scale: 4 })
  quantity!: string;

  @Column('numeric', { precision: 19, scale: 4 })
  unitPrice!: string;

  @Column('numeric', { precision: 7, scale: 4 })
  discountPercent!: string;

  @Column('numeric', { precision: 7, scale: 4 })
  taxPercent!: string;

  /** After discount, before tax, rounded to the currency's minor unit. */
  @Column('numeric', { precision: 19, scale: 4 })
  netAmount!: string;

  @Column('numeric', { precision: 19, scale: 4 })
  taxAmount!: string;

  @Column('numeric', { precision: 19, scale: 4 })
  total!: string;
}
