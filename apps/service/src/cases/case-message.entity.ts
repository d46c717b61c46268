import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One message in a case's thread: a reply the customer sees, or an internal note they never do. */
@Entity('case_message')
@Index('case_message_case_idx', ['caseId', 'postedAt', 'id'])
export class CaseMessageEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid')
  caseId!: string;

  /** true for an internal note, false for a reply to the customer. */
  @Column('boolean')
  internal!: boolean;

  @Column('text')
  body!: string;

  /** The user who wrote it; null when the system did. */
  @Column('uuid', { nullable: true })
  authorId!: string | null;

  @Column('timestamptz')
  postedAt!: Date;
}
