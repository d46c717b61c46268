import { Column, CreateDateColumn, DeleteDateColumn, Entity, Index, OneToMany, PrimaryColumn, UpdateDateColumn } from 'typeorm';
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

  /** Account tier, 1 the top; automation follows up on the top tiers. */
  @Index('customer_tier_idx')
  @Column('smallint', { nullable: true })
  tier!: number | null;

  /** The user who owns the account. */
  @Index('customer_owner_idx')
  @Column('uuid', { nullable: true })
  ownerId!: string | null;

  @Column('text', { array: true, default: () => "'{}'" })
  tags!: string[];

  @OneToMany('ContactEntity', (c: ContactEntity) => c.customer)
  contacts?: ContactEntity[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;

  /** Soft delete: TypeORM leaves these rows out of every find and query builder unless asked withDeleted. */
  @DeleteDateColumn({ type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;
}
