import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type LoyaltyEntryKind = 'WON_REVENUE' | 'EVENT_ATTENDED' | 'AWARD' | 'REDEMPTION' | 'EXPIRY';

/**
 * One line of a customer's points ledger. Append-only (a trigger refuses UPDATE and DELETE): a
 * balance is the sum of its lines, and a correction is a new line.
 */
@Entity('loyalty_entry')
@Index('loyalty_entry_customer_idx', ['customerId', 'occurredAt', 'id'])
// What earned the points (an opportunity won, a campaign attended): earned once however often its event comes.
@Index('loyalty_entry_source_key', ['sourceKey'], { unique: true, where: '"source_key" IS NOT NULL' })
export class LoyaltyEntryEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid')
  customerId!: string;

  @Column('text')
  kind!: LoyaltyEntryKind;

  /** Positive when earned, negative when redeemed or expired. */
  @Column('integer')
  points!: number;

  @Column('text', { nullable: true })
  sourceKey!: string | null;

  @Column('text', { nullable: true })
  reason!: string | null;

  /** Who awarded or redeemed by hand; null for points from events and expiry. */
  @Column('uuid', { nullable: true })
  createdBy!: string | null;

  @Column('timestamptz')
  occurredAt!: Date;
}
