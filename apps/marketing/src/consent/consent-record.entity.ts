import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { PersonKind } from '../people/person.enums';
import type { ConsentChannel, ConsentSource, ConsentStatus, LawfulBasis } from './consent.enums';

/** One grant or withdrawal, never changed afterwards: the GDPR record of consent. */
@Entity('consent_record')
@Index('consent_record_email_idx', ['email', 'recordedAt', 'id'])
@Index('consent_record_person_idx', ['personId', 'recordedAt', 'id'])
export class ConsentRecordEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  personKind!: PersonKind;

  @Column('uuid')
  personId!: string;

  @Column('uuid', { nullable: true })
  customerId!: string | null;

  /** Lowercased; the address the consent is about. */
  @Column('text')
  email!: string;

  @Column('text')
  channel!: ConsentChannel;

  @Column('text')
  status!: ConsentStatus;

  @Column('text')
  source!: ConsentSource;

  /** The record the change came through: the web form of a WEB_FORM grant. */
  @Column('uuid', { nullable: true })
  sourceId!: string | null;

  @Column('text')
  lawfulBasis!: LawfulBasis;

  /** The words the person saw when they agreed (or the link they followed to withdraw). */
  @Column('text', { nullable: true })
  textShown!: string | null;

  @Column('uuid', { nullable: true })
  recordedBy!: string | null;

  @Column('timestamptz')
  recordedAt!: Date;
}
