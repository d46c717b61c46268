import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { ContactPointType } from '@crm/graphql';
import type { LeadEntity } from './lead.entity';

/** One of a lead's email addresses; exactly one is primary, and lead.email mirrors it. */
@Entity('lead_email')
@Check('lead_email_type_check', `"type" IN ('WORK', 'HOME', 'MOBILE', 'OTHER')`)
@Index('lead_email_primary_key', ['leadId'], { unique: true, where: '"is_primary"' })
@Index('lead_email_address_idx', ['address'])
export class LeadEmailEntity {
  @PrimaryColumn('uuid')
  leadId!: string;

  @ManyToOne('LeadEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'lead_id' })
  lead?: LeadEntity;

  /** Lower-cased. */
  @PrimaryColumn('text')
  address!: string;

  @Column('text')
  type!: ContactPointType;

  @Column('boolean')
  isPrimary!: boolean;

  /** The order the caller gave them in. */
  @Column('smallint')
  position!: number;
}

/** One of a lead's phone numbers; at most one is primary. */
@Entity('lead_phone')
@Check('lead_phone_type_check', `"type" IN ('WORK', 'HOME', 'MOBILE', 'OTHER')`)
@Index('lead_phone_primary_key', ['leadId'], { unique: true, where: '"is_primary"' })
export class LeadPhoneEntity {
  @PrimaryColumn('uuid')
  leadId!: string;

  @ManyToOne('LeadEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'lead_id' })
  lead?: LeadEntity;

  @PrimaryColumn('text')
  number!: string;

  @Column('text')
  type!: ContactPointType;

  @Column('boolean')
  isPrimary!: boolean;

  @Column('smallint')
  position!: number;
}
