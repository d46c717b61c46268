import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { CustomerEntity } from './customer.entity';

@Entity('contact')
@Index('contact_customer_idx', ['customerId', 'createdAt'])
export class ContactEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid')
  customerId!: string;

  @ManyToOne('CustomerEntity', (c: CustomerEntity) => c.contacts, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'customer_id' })
  customer?: CustomerEntity;

  @Column('text')
  firstName!: string;

  @Column('text')
  lastName!: string;

  /** The primary email address (lower-cased), mirrored from contact_email; every address is there. */
  @Index('contact_email_idx')
  @Column('text', { nullable: true })
  email!: string | null;

  /** The primary phone number, mirrored from contact_phone. */
  @Column('text', { nullable: true })
  phone!: string | null;

  /** Job title, e.g. "VP Engineering". */
  @Column('text', { nullable: true })
  title!: string | null;

  /** Part in the account, e.g. "Procurement" or "Technical contact". */
  @Column('text', { nullable: true })
  role!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
