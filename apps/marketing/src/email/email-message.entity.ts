import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { PersonKind } from '../people/person.enums';
import { EmailSendEntity } from './email-send.entity';
import type { EmailMessageStatus } from './email.enums';

/**
 * One member's message of a send, recorded before it leaves: (send, person) is unique, so a resumed
 * send never makes a second message for anyone, and the row's id is the message's Message-ID.
 */
@Entity('email_message')
@Index('email_message_person_key', ['sendId', 'personId'], { unique: true })
@Index('email_message_status_idx', ['sendId', 'status'])
export class EmailMessageEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid')
  sendId!: string;

  @ManyToOne(() => EmailSendEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'send_id' })
  send?: EmailSendEntity;

  @Column('uuid')
  campaignId!: string;

  @Column('text')
  personKind!: PersonKind;

  @Column('uuid')
  personId!: string;

  @Column('uuid', { nullable: true })
  customerId!: string | null;

  @Column('text')
  email!: string;

  @Column('text')
  status!: EmailMessageStatus;

  @Column('timestamptz')
  recordedAt!: Date;

  @Column('timestamptz', { nullable: true })
  sentAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  openedAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  clickedAt!: Date | null;
}
