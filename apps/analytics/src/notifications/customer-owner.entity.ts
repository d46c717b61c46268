import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Each customer's owner, as sales' customer events say: whom an alert about the customer reaches. */
@Entity('customer_owner')
export class CustomerOwnerEntity {
  @PrimaryColumn('uuid')
  customerId!: string;

  @Column('uuid', { nullable: true })
  ownerId!: string | null;
}
