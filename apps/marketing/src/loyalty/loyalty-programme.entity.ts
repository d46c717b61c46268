import { Column, Entity, PrimaryColumn } from 'typeorm';

export interface LoyaltyTierRow {
  name: string;
  /** Points earned over the rolling period that reach the tier. */
  threshold: number;
}

/** The loyalty programme: one per deployment (id 1), set as a whole. */
@Entity('loyalty_programme')
export class LoyaltyProgrammeEntity {
  @PrimaryColumn('smallint')
  id!: number;

  @Column('text')
  name!: string;

  /** Lowest threshold first. */
  @Column('jsonb')
  tiers!: LoyaltyTierRow[];

  /** Won revenue in this currency earns points; other currencies earn none (amounts are never converted). */
  @Column('char', { length: 3 })
  currency!: string;

  /** One point per this much won revenue. */
  @Column('numeric', { precision: 19, scale: 4 })
  revenuePerPoint!: string;

  @Column('integer')
  pointsPerAttendance!: number;

  /** Tiers count the points earned over this many days back. */
  @Column('integer')
  tierPeriodDays!: number;

  /** Points expire this many days after they were earned, oldest first. */
  @Column('integer')
  expiryDays!: number;

  @Column('timestamptz')
  updatedAt!: Date;
}
