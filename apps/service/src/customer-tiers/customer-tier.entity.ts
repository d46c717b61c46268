import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A customer's tier as sales' events last said it (customer.created, customer.updated.v2): what
 * routing rules and SLA policies match a new case on, known without asking sales.
 */
@Entity('customer_tier')
export class CustomerTierEntity {
  @PrimaryColumn('uuid')
  customerId!: string;

  /** 1 is the top tier; null when the customer has none. */
  @Column('smallint', { nullable: true })
  tier!: number | null;

  /** When sales made the change this row records: an older event never overwrites a newer one. */
  @Column('timestamptz')
  changedAt!: Date;
}
