import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { LeadSource, LeadStatus } from './lead.enums';

@Entity('lead')
@Index('lead_email_key', ['email'], { unique: true })
@Index('lead_created_idx', ['createdAt', 'id'])
@Index('lead_customer_idx', ['customerId', 'createdAt'])
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
