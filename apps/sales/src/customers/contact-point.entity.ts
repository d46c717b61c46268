import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { ContactEntity } from './contact.entity';

export type ContactPointKind = 'WORK' | 'HOME' | 'MOBILE' | 'OTHER';

/** One of a contact's email addresses; at most one is primary, and contact.email mirrors it. */
@Entity('contact_email')
@Check('contact_email_type_check', `"type" IN ('WORK', 'HOME', 'MOBILE', 'OTHER')`)
@Index('contact_email_primary_key', ['contactId'], { unique: true, where: '"is_primary"' })
@Index('contact_email_address_idx', ['address'])
// Trigram index for search, created by hand in the search migration (TypeORM cannot declare an operator class).
@Index('contact_email_address_trgm_idx', { synchronize: false })
export class ContactEmailEntity {
  @PrimaryColumn('uuid')
  contactId!: string;

  @ManyToOne('ContactEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contact_id' })
  contact?: ContactEntity;

  /** Lower-cased. */
  @PrimaryColumn('text')
  address!: string;

  @Column('text')
  type!: ContactPointKind;

  @Column('boolean')
  isPrimary!: boolean;

  /** The order the caller gave them in. */
  @Column('smallint')
  position!: number;
}

/** One of a contact's phone numbers; at most one is primary, and contact.phone mirrors it. */
@Entity('contact_phone')
@Check('contact_phone_type_check', `"type" IN ('WORK', 'HOME', 'MOBILE', 'OTHER')`)
@Index('contact_phone_primary_key', ['contactId'], { unique: true, where: '"is_primary"' })
export class ContactPhoneEntity {
  @PrimaryColumn('uuid')
  contactId!: string;

  @ManyToOne('ContactEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contact_id' })
  contact?: ContactEntity;

  @PrimaryColumn('text')
  number!: string;

  @Column('text')
  type!: ContactPointKind;

  @Column('boolean')
  isPrimary!: boolean;

  @Column('smallint')
  position!: number;
}
