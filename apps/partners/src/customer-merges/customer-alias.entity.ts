import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A customer sales merged away (customer.merged), and the customer partners' rows live under now.
 * A write keyed by a customer id that arrives after the merge (a link made from a stale lookup, an
 * opportunity event still in flight) follows it to the survivor, so partners ends the same
 * whatever order the events come in. Ids only, nothing a partner could learn from: no row-level
 * security, as known_customer.
 */
@Entity('customer_alias')
export class CustomerAliasEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'PK_customer_alias' })
  mergedId!: string;

  /** Always the end of the chain: when the survivor is merged away in turn, this follows. */
  @Index('customer_alias_survivor_idx')
  @Column('uuid')
  survivorId!: string;

  @Column('timestamptz')
  mergedAt!: Date;
}
