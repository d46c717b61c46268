import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { DistributedLeadStatus } from './lead-distribution.enums';

/**
 * A lead marketing routed to the channel, as its event described it: what the rules match on and
 * what a partner sees before accepting. Partners read it only through their own offers, and
 * row-level security admits only the leads offered to the transaction's partner.
 */
@Entity('distributed_lead')
@Index('distributed_lead_routed_idx', ['routedAt', 'leadId'])
export class DistributedLeadEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'PK_distributed_lead' })
  leadId!: string;

  @Column('uuid', { nullable: true })
  customerId!: string | null;

  @Column('text', { nullable: true })
  company!: string | null;

  @Column('text', { nullable: true })
  country!: string | null;

  @Column('text', { nullable: true })
  region!: string | null;

  @Column('uuid', { nullable: true })
  productId!: string | null;

  @Column('text', { nullable: true })
  industry!: string | null;

  @Column('integer', { nullable: true })
  employeeCount!: number | null;

  @Column('text')
  status!: DistributedLeadStatus;

  /** The partner that accepted it. */
  @Column('uuid', { nullable: true })
  partnerId!: string | null;

  @Column('timestamptz')
  routedAt!: Date;
}
