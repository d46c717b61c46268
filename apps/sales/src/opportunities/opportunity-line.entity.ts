import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { ProductEntity } from '../products/product.entity';
import type { OpportunityEntity } from './opportunity.entity';

/**
 * A product on a deal, as Salesforce's opportunity products are: what is being sold, independent of
 * any quote. Priced in the opportunity's currency, before tax (tax belongs to a quote).
 */
@Entity('opportunity_line')
@Index('opportunity_line_opportunity_idx', ['opportunityId', 'position'], { unique: true })
@Index('opportunity_line_product_idx', ['productId'])
@Check('opportunity_line_quantity_check', `"quantity" > 0`)
@Check('opportunity_line_unit_price_check', `"unit_price" >= 0`)
@Check('opportunity_line_discount_check', `"discount_percent" BETWEEN 0 AND 100`)
export class OpportunityLineEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid')
  opportunityId!: string;

  @ManyToOne('OpportunityEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'opportunity_id' })
  opportunity?: OpportunityEntity;

  @Column('int')
  position!: number;

  @Column('uuid')
  productId!: string;

  @ManyToOne('ProductEntity', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'product_id' })
  product?: ProductEntity;

  /** The product's name when it was put on the deal. */
  @Column('text')
  description!: string;

  @Column('numeric', { precision: 19, scale: 4 })
  quantity!: string;

  @Column('numeric', { precision: 19, scale: 4 })
  unitPrice!: string;

  @Column('numeric', { precision: 7, scale: 4 })
  discountPercent!: string;

  /** quantity × unit price × (1 − discount/100), rounded to the currency's minor unit. */
  @Column('numeric', { precision: 19, scale: 4 })
  netAmount!: string;
}
