import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Unique } from 'typeorm';
import type { PartnerEntity } from '../partners/partner.entity';
import type { CommissionStatus } from './commission.enums';

/** What a partner earned on one won opportunity. partner_id is row-level scoped: a partner sees only its own. */
@Entity('commission')
@Unique('commission_opportunity_key', ['opportunityId'])
// (partner_id, accrued_at, id) INCLUDE (status, currency, amount): the scorecard's sums from the index alone.
@Index('commission_partner_idx', { synchronize: false })
@Index('commission_partner_period_idx', ['partnerId', 'period'])
export class CommissionEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'PK_commission' })
  id!: string;

  @Column('uuid')
  partnerId!: string;

  @ManyToOne('PartnerEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'partner_id', foreignKeyConstraintName: 'FK_commission_partner' })
  partner?: PartnerEntity;

  @Column('uuid')
  opportunityId!: string;

  @Column('uuid')
  customerId!: string;

  /** The registration the opportunity was opened from, when there was one. */
  @Column('uuid', { nullable: true })
  registrationId!: string | null;

  @Column('uuid')
  planId!: string;

  @Column('numeric', { precision: 7, scale: 4 })
  ratePercent!: string;

  /** The won opportunity's amount. */
  @Column('numeric', { precision: 19, scale: 4 })
  baseAmount!: string;

  /** baseAmount × ratePercent / 100, exact to four places. */
  @Column('numeric', { precision: 19, scale: 4 })
  amount!: string;

  @Column('char', { length: 3 })
  currency!: string;

  @Column('text')
  status!: CommissionStatus;

  /** "YYYY-MM" (UTC) of the win: the statement it belongs to. */
  @Column('char', { length: 7 })
  period!: string;

  @Column('timestamptz')
  accruedAt!: Date;

  @Column('uuid', { nullable: true })
  approvedBy!: string | null;

  @Column('timestamptz', { nullable: true })
  approvedAt!: Date | null;

  @Column('uuid', { nullable: true })
  paidBy!: string | null;

  @Column('timestamptz', { nullable: true })
  paidAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  reversedAt!: Date | null;
}
