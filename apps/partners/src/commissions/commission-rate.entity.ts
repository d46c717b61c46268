import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { CommissionPlanEntity } from './commission-plan.entity';

/**
 * One rate of a plan: for a partner tier and a product (null: any), from an opportunity amount on
 * (`minAmount`, in the opportunity's own currency). The most specific rate that applies wins.
 */
@Entity('commission_rate')
@Check('commission_rate_percent_check', `"rate_percent" >= 0 AND "rate_percent" <= 100`)
@Check('commission_rate_min_amount_check', `"min_amount" >= 0`)
@Index('commission_rate_plan_idx', ['planId'])
export class CommissionRateEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'PK_commission_rate' })
  id!: string;

  @Column('uuid')
  planId!: string;

  @ManyToOne('CommissionPlanEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'plan_id', foreignKeyConstraintName: 'FK_commission_rate_plan' })
  plan?: CommissionPlanEntity;

  /** A PartnerTier, or null for every tier. */
  @Column('text', { nullable: true })
  tier!: string | null;

  /** A sales product, or null for every product. */
  @Column('uuid', { nullable: true })
  productId!: string | null;

  @Column('numeric', { precision: 19, scale: 4 })
  minAmount!: string;

  /** 0 to 100, exact. */
  @Column('numeric', { precision: 7, scale: 4 })
  ratePercent!: string;
}
