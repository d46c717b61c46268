import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CampaignEntity } from '../campaigns/campaign.entity';
import type { EmailSendStatus } from './email.enums';

/**
 * One scheduled send of a campaign's email. It keeps its own copy of the prepared template, so an
 * edit to the template after scheduling changes neither the messages nor where their links go.
 */
@Entity('email_send')
@Index('email_send_due_idx', ['status', 'scheduledAt'])
export class EmailSendEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid')
  campaignId!: string;

  @ManyToOne(() => CampaignEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'campaign_id' })
  campaign?: CampaignEntity;

  @Column('uuid')
  templateId!: string;

  @Column('text')
  subject!: string;

  @Column('text')
  html!: string;

  @Column('text')
  text!: string;

  /** The template's links, in order: where a click may go. */
  @Column('text', { array: true })
  links!: string[];

  @Column('text')
  status!: EmailSendStatus;

  @Column('timestamptz')
  scheduledAt!: Date;

  @Column('timestamptz', { nullable: true })
  completedAt!: Date | null;

  @Column('timestamptz')
  createdAt!: Date;
}
