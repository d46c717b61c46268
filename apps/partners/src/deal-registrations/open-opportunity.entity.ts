import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Sales' opportunities as their events tell it: which customers have an open one, and which
 * partner won what and when (the scorecard's revenue). Never asked of sales.
 */
@Entity('open_opportunity')
@Index('open_opportunity_customer_idx', ['customerId', 'status'])
// (partner_id, status, closed_at) INCLUDE (currency, amount): the scorecard's revenue from the index alone.
@Index('open_opportunity_partner_idx', { synchronize: false })
export class OpenOpportunityEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'PK_open_opportunity' })
  opportunityId!: string;

  @Column('uuid')
  customerId!: string;

  /** OPEN, WON or LOST. */
  @Column('text')
  status!: string;

  /** Null for columns recorded before they were kept, and for deals without a partner. */
  @Column('uuid', { nullable: true })
  partnerId!: string | null;

  @Column('numeric', { precision: 19, scale: 4, nullable: true })
  amount!: string | null;

  @Column('char', { length: 3, nullable: true })
  currency!: string | null;

  /** When it was won or lost; null while open. */
  @Column('timestamptz', { nullable: true })
  closedAt!: Date | null;
}
