import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A customer merged away in sales (customer.merged), and the customer its read-model rows live
 * under now. Events about the merged id that arrive later (other topics, a replay) are recorded
 * under the survivor, so the read models end the same whatever order the events came in.
 */
@Entity('customer_alias')
export class CustomerAliasEntity {
  @PrimaryColumn('uuid')
  mergedId!: string;

  /** Always the end of the chain: when the survivor is merged away in turn, this follows. */
  @Index('customer_alias_survivor_idx')
  @Column('uuid')
  survivorId!: string;

  @Column('timestamptz')
  mergedAt!: Date;
}
