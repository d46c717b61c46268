import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { LeadSource, LeadStatus } from './lead.enums';

@Entity('lead')
@Index('lead_email_key', ['email'], { unique: true })
@Index('lead_created_idx', ['createdAt', 'id'])
@Index('lead_customer_idx', ['customerId', 'createdAt'])
@Index('lead_company_domain_idx', ['companyDomain'])
export class LeadEntity {
  @PrimaryColumn('uuid')
  id!: string;

  /** Lowercased and trimmed; one lead per address. */
  @Column('text')
  email!: string;

  @Column('text')
  name!: string;

  @Column('text', { nullable: true })
  company!: string | null;

  @Column('text')
  source!: LeadSource;

  @Column('text')
  status!: LeadStatus;

  /** The user who works the lead (a sales or marketing user id); null while unassigned. */
  @Column('uuid', { nullable: true })
  ownerId!: string | null;

  @Column('text', { nullable: true })
  title!: string | null;

  /** ISO 3166-1 alpha-2, upper-case. */
  @Column('text', { nullable: true })
  country!: string | null;

  @Column('text', { nullable: true })
  industry!: string | null;

  @Column('integer', { nullable: true })
  employeeCount!: number | null;

  /** The web form the lead came through, if any (marketing's own id). */
  @Column('uuid', { nullable: true })
  sourceFormId!: string | null;

  /** The campaign that brought the lead, if any. */
  @Column('uuid', { nullable: true })
  sourceCampaignId!: string | null;

  /** Who or what referred the lead, as written by a person. */
  @Column('text', { nullable: true })
  sourceReferral!: string | null;

  /** Lower-cased, unique, sorted. */
  @Column('text', { array: true, default: () => "'{}'" })
  tags!: string[];

  /** Why the lead was last marked UNQUALIFIED; cleared when it moves on. */
  @Column('text', { nullable: true })
  unqualifiedReason!: string | null;

  /** The primary email's domain unless it is a free-mail provider's: what duplicate detection compares companies by. */
  @Column('text', { nullable: true })
  companyDomain!: string | null;

  /** The customer this lead belongs to, when known. Owned by sales: no foreign key across services. */
  @Column('uuid', { nullable: true })
  customerId!: string | null;

  /** Set once, when the lead is converted; with the ids it minted for sales to materialise. */
  @Column('timestamptz', { nullable: true })
  convertedAt!: Date | null;

  @Column('uuid', { nullable: true })
  convertedContactId!: string | null;

  @Column('uuid', { nullable: true })
  convertedOpportunityId!: string | null;

  /** Set by the application (millisecond precision, as keyset cursors carry it). */
  @Column('timestamptz')
  createdAt!: Date;

  @Column('timestamptz')
  updatedAt!: Date;
}
