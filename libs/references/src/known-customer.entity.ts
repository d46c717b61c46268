import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** What sales' customer events last said about a customer id. */
export enum KnownCustomerState {
  LIVE = 'LIVE',
  DELETED = 'DELETED',
  /** Merged away for good: its rows belong to `survivorId`. */
  MERGED = 'MERGED',
}

/**
 * A service's own read model of sales' customers, fed only by sales' customer events: the ids a
 * write may name without asking sales first. A row here is never the last word on a refusal
 * (events lag), only on an acceptance: see CustomerReferences.
 */
@Entity('known_customer')
export class KnownCustomerEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  state!: KnownCustomerState;

  /** For MERGED: the end of the merge chain (when the survivor is merged away in turn, this follows). */
  @Index('known_customer_survivor_idx')
  @Column('uuid', { nullable: true })
  survivorId!: string | null;

  /** When sales made the change this row records. */
  @Column('timestamptz')
  changedAt!: Date;
}
