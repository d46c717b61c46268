import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { PricedLineColumns } from '../products/priced-line.columns';
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
export class OpportunityLineEntity extends PricedLineColumns {
  @Column('uuid')
  opportunityId!: string;

  @ManyToOne('OpportunityEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'opportunity_id' })
  opportunity?: OpportunityEntity;
}
