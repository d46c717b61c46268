import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A sales customer's name as its events last told it, so a partner sees the names of the customers
 * it is linked to without partners calling sales, and without the partner contract carrying
 * sales' Customer (which would let a partner token resolve customers it is not linked to).
 * Row-level security admits a partner only to the names of its own links.
 */
@Entity('customer_name')
export class CustomerNameEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'PK_customer_name' })
  customerId!: string;

  @Column('text')
  name!: string;

  /** When sales gave the customer this name: an older event (a replay) never overwrites a newer name. */
  @Column('timestamptz')
  changedAt!: Date;
}
