import {
  Check,
  Column,
  CreateDateColumn,
  DeleteDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { ContactEntity } from './contact.entity';
import type { CompanySize, LifecycleStage } from './customer.enums';

export type CustomerKind = 'COMPANY' | 'PERSON';

@Entity('customer')
@Index('customer_created_idx', ['createdAt', 'id'])
@Index('customer_name_idx', ['name', 'id'])
@Index('customer_updated_idx', ['updatedAt', 'id'])
@Check('customer_size_check', `"size" IN ('MICRO', 'SMALL', 'MEDIUM', 'LARGE', 'ENTERPRISE')`)
@Check('customer_annual_revenue_check', `("annual_revenue" IS NULL) = ("annual_revenue_currency" IS NULL) AND "annual_revenue" >= 0`)
@Check('customer_employee_count_check', `"employee_count" >= 0`)
@Check('customer_not_own_parent_check', `"parent_id" <> "id"`)
@Check('customer_lifecycle_stage_check', `"lifecycle_stage" IN ('LEAD', 'PROSPECT', 'CUSTOMER', 'CHURNED')`)
// Trigram indexes for search (ILIKE '%...%' and similarity), created by hand in the search migration:
// TypeORM cannot declare an operator class, so it is told to leave them alone.
@Index('customer_name_trgm_idx', { synchronize: false })
@Index('customer_domain_trgm_idx', { synchronize: false })
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

  @Index('customer_industry_idx')
  @Column('text', { nullable: true })
  industry!: string | null;

  @Column('text', { nullable: true })
  size!: CompanySize | null;

  /** An http(s) URL. */
  @Column('text', { nullable: true })
  website!: string | null;

  @Index('customer_lifecycle_stage_idx')
  @Column('text', { default: 'PROSPECT' })
  lifecycleStage!: LifecycleStage;

  /** Exact decimal in `annualRevenueCurrency`; both set or both null. */
  @Column('numeric', { precision: 19, scale: 4, nullable: true })
  annualRevenue!: string | null;

  @Column('char', { length: 3, nullable: true })
  annualRevenueCurrency!: string | null;

  @Column('int', { nullable: true })
  employeeCount!: number | null;

  /** ISO 3166-1 alpha-2. */
  @Index('customer_country_idx')
  @Column('char', { length: 2, nullable: true })
  country!: string | null;

  @Column('text', { nullable: true })
  street!: string | null;

  @Column('text', { nullable: true })
  city!: string | null;

  @Column('text', { nullable: true })
  postalCode!: string | null;

  @Column('text', { nullable: true })
  region!: string | null;

  @Column('smallint', { nullable: true })
  yearEstablished!: number | null;

  /** The parent account; the hierarchy never has a cycle (the service refuses one). */
  @Index('customer_parent_idx')
  @Column('uuid', { nullable: true })
  parentId!: string | null;

  @ManyToOne('CustomerEntity', { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'parent_id' })
  parent?: CustomerEntity;

  @OneToMany('ContactEntity', (c: ContactEntity) => c.customer)
  contacts?: ContactEntity[];

  /** The account's id in the CRM it was imported from (importDeals' accounts). Optional: only imports set it. */
  @Index('customer_external_id_key', { unique: true })
  @Column('text', { nullable: true })
  externalId?: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;

  /** Soft delete: TypeORM leaves these rows out of every find and query builder unless asked withDeleted. */
  @DeleteDateColumn({ type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;
}
