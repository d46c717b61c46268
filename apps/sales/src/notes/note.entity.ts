import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A note on one record, as it reads now; earlier versions are NoteVersionEntity rows. */
@Entity('note')
@Index('note_record_idx', ['recordId', 'createdAt', 'id'])
export class NoteEntity {
  @PrimaryColumn('uuid')
  id!: string;

  /** CUSTOMER, CONTACT, OPPORTUNITY, LEAD, CASE or PARTNER (NOTE_RECORD_TYPES). */
  @Column('text')
  recordType!: string;

  @Column('uuid')
  recordId!: string;

  /** The record's customer when sales knows it (customer, contact, opportunity): the events' ordering key. */
  @Column('uuid', { nullable: true })
  customerId!: string | null;

  @Column('uuid')
  authorId!: string;

  /** Sanitised HTML: only the subset note-html.ts allows is ever stored. */
  @Column('text')
  body!: string;

  @Column('uuid', { array: true, default: () => "'{}'" })
  mentionedUserIds!: string[];

  @Column('uuid', { array: true, default: () => "'{}'" })
  mentionedTeamIds!: string[];

  /** 1 when written, one more on each edit. */
  @Column('integer', { default: 1 })
  version!: number;

  /** Who wrote the current version: the author, then each editor. */
  @Column('uuid')
  editedBy!: string;

  @Column('timestamptz')
  createdAt!: Date;

  @Column('timestamptz')
  updatedAt!: Date;

  /** Soft delete: a deleted note is read by nobody, but stays with its versions. */
  @Column('timestamptz', { nullable: true })
  deletedAt!: Date | null;

  @Column('uuid', { nullable: true })
  deletedBy!: string | null;
}
