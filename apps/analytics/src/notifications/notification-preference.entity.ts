import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A user's choice for one kind of notification; no row means the defaults (in the app, no digest). */
@Entity('notification_preference')
export class NotificationPreferenceEntity {
  @PrimaryColumn('uuid')
  userId!: string;

  @PrimaryColumn('text')
  kind!: string;

  @Column('boolean')
  inApp!: boolean;

  /** In the user's email digest (`NotificationDigestJob`). */
  @Column('boolean')
  emailDigest!: boolean;

  @Column('timestamptz')
  updatedAt!: Date;
}
