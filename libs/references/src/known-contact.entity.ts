import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A service's read model of sales' contacts, fed by sales' contact events (and customer merges,
 * which move contacts): which customer a contact id belongs to, for writes that name both.
 */
@Entity('known_contact')
export class KnownContactEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Index('known_contact_customer_idx')
  @Column('uuid')
  customerId!: string;

  /** Set when sales deleted it. */
  @Column('timestamptz', { nullable: true })
  deletedAt!: Date | null;

  /** When sales made the change this row records. */
  @Column('timestamptz')
  changedAt!: Date;
}
