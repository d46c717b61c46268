import { Column, CreateDateColumn, Entity, Index, OneToMany, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { ContactEntity } from './contact.entity';

export type CustomerKind = 'COMPANY' | 'PERSON';

@Entity('customer')
@Index('customer_created_idx', ['createdAt', 'id'])
@Index('customer_name_idx', ['name', 'id'])
export class CustomerEntity {
  /** Minted by whoever starts the flow (this service, or marketing on lead conversion). */
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  name!: string;

  @Column('text', { default: 'COMPANY' })
  kind!: CustomerKind;

  @Index('customer_domain_idx')
  @Column('text', { nullable: true })
  domain!: string | null;

  @OneToMany('ContactEntity', (c: ContactEntity) => c.customer)
  contacts?: ContactEntity[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
