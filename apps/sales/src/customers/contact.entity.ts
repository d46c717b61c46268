import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
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

  @Index('contact_email_idx')
  @Column('text', { nullable: true })
  email!: string | null;

  @Column('text', { nullable: true })
  phone!: string | null;

  @Column('text', { nullable: true })
  title!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
