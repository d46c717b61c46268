import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A contact's primary email as sales' contact events last gave it: where a resolved case's
 * survey link is mailed, known without asking sales.
 */
@Entity('contact_email')
export class ContactEmailEntity {
  @PrimaryColumn('uuid')
  contactId!: string;

  /** Null when the contact has no email, or was deleted. */
  @Column('text', { nullable: true })
  email!: string | null;

  /** When sales made the change this row records: an older event never overwrites a newer one. */
  @Column('timestamptz')
  changedAt!: Date;
}
