import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Where a user's email digest stands. Its row is what a digest run locks (`FOR UPDATE SKIP
 * LOCKED`), so two instances never mail the same user at once; which notifications went out is
 * on each notification (`digestedAt`), marked in the transaction that holds this lock.
 */
@Entity('notification_digest')
export class NotificationDigestEntity {
  /** The user (token `sub`). */
  @PrimaryColumn('uuid')
  userId!: string;

  /** When the user is due a digest next: a digest interval after the last run, or a pause after a refused mail. */
  @Column('timestamptz')
  nextAt!: Date;

  @Column('timestamptz', { nullable: true })
  lastSentAt!: Date | null;

  /** Refused sends since the last one that went out: the retry pause doubles with each. */
  @Column('int')
  attempts!: number;
}
