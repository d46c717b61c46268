import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { PricedLineColumns } from '../products/priced-line.columns';
import type { QuoteEntity } from './quote.entity';

@Entity('quote_line')
@Index('quote_line_quote_idx', ['quoteId', 'position'], { unique: true })
@Index('quote_line_product_idx', ['productId'])
@Check('quote_line_quantity_check', `"quantity" > 0`)
@Check('quote_line_unit_price_check', `"unit_price" >= 0`)
@Check('quote_line_discount_check', `"discount_percent" BETWEEN 0 AND 100`)
@Check('quote_line_tax_check', `"tax_percent" BETWEEN 0 AND 100`)
export class QuoteLineEntity extends PricedLineColumns {
  @Column('uuid')
  quoteId!: string;

  @ManyToOne('QuoteEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'quote_id' })
  quote?: QuoteEntity;

  @Column('numeric', { precision: 7, scale: 4 })
  taxPercent!: string;

  @Column('numeric', { precision: 19, scale: 4 })
  taxAmount!: string;

  @Column('numeric', { precision: 19, scale: 4 })
  total!: string;
}
