import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The satisfaction survey of a resolved case: offered once, when the case is first resolved, and
 * answered at most once (a score of 1 to 5 and a comment) through the signed link sent to its contact.
 */
@Entity('case_satisfaction')
@Check('case_satisfaction_score_check', '"score" BETWEEN 1 AND 5')
@Check('case_satisfaction_answer_check', '("score" IS NULL) = ("answered_at" IS NULL)')
@Index('case_satisfaction_answered_idx', ['answeredAt'], { where: 'answered_at IS NOT NULL' })
@Index('case_satisfaction_mail_due_idx', ['nextMailAt'], { where: 'next_mail_at IS NOT NULL' })
export class CaseSatisfactionEntity {
  @PrimaryColumn('uuid')
  caseId!: string;

  /** The contact the survey went to. */
  @Column('uuid')
  contactId!: string;

  @Column('timestamptz')
  sentAt!: Date;

  /** The link works until then. */
  @Column('timestamptz')
  expiresAt!: Date;

  @Column('smallint', { nullable: true })
  score!: number | null;

  @Column('text', { nullable: true })
  comment!: string | null;

  @Column('timestamptz', { nullable: true })
  answeredAt!: Date | null;

  /** When the survey mail is (next) due to be tried; null once it went out or was given up. */
  @Column('timestamptz', { nullable: true })
  nextMailAt!: Date | null;

  @Column('int', { default: 0 })
  mailAttempts!: number;

  /** When the relay took the mail (or, with no relay configured, the link was logged). */
  @Column('timestamptz', { nullable: true })
  mailedAt!: Date | null;
}
