import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { OpportunityEntity } from '../opportunities/opportunity.entity';
import type { PriceBookEntity } from '../products/price-book.entity';
import type { QuoteStatus } from './quote.enums';

@Entity('quote')
@Index('quote_version_key', ['opportunityId', 'version'], { unique: true })
// At most one accepted quote per opportunity, whatever the application does.
@Index('quote_one_accepted_key', ['opportunityId'], { unique: true, where: `status = 'ACCEPTED'` })
@Index('quote_created_idx', ['createdAt', 'id'])
@Index('quote_total_idx', ['total', 'id'])
@Check('quote_status_check', `"status" IN ('DRAFT', 'SENT', 'ACCEPTED', 'REJECTED', 'EXPIRED')`)
@Check('quote_version_check', `"version" > 0`)
export class QuoteEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid')
  opportunityId!: string;

  @ManyToOne('OpportunityEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'opportunity_id' })
  opportunity?: OpportunityEntity;

  /** 1, 2, 3... per opportunity. */
  @Column('int')
  version!: number;

  @Column('text')
  status!: QuoteStatus;

  @Column('char', { length: 3 })
  currency!: string;

  @Column('uuid', { nullable: true })
  priceBookId!: string | null;

  @ManyToOne('PriceBookEntity', { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'price_book_id' })
  priceBook?: PriceBookEntity;

  /** Sum of the lines after discount, before tax. */
  @Column('numeric', { precision: 19, scale: 4 })
  subtotal!: string;

  @Column('numeric', { precision: 19, scale: 4 })
  taxTotal!: string;

  @Column('numeric', { precision: 19, scale: 4 })
  total!: string;

  @Column('date', { nullable: true })
  validUntil!: string | null;

  @Column('uuid', { nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
