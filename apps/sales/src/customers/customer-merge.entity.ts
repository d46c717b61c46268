import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** What a merge handed from the merged customer to the survivor, by kind of row. */
export interface MergedRows {
  contactIds: string[];
  opportunityIds: string[];
  /** Absent from audits written before activities moved with a merge. */
  activityIds?: string[];
}

/** The audit of one customer merge: who merged which customer into which, when, and what moved. Never updated. */
@Entity('customer_merge')
@Index('customer_merge_survivor_idx', ['survivorId', 'mergedAt'])
export class CustomerMergeEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid')
  survivorId!: string;

  /** Unique: a customer merges away once, and the constraint settles two merges racing for it. */
  @Index('customer_merge_merged_idx', { unique: true })
  @Column('uuid')
  mergedId!: string;

  @Column('jsonb')
  moved!: MergedRows;

  /** The user who merged; null for a system flow. */
  @Column('uuid', { nullable: true })
  mergedBy!: string | null;

  @Column('timestamptz')
  mergedAt!: Date;
}
