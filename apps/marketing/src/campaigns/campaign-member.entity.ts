import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { PersonKind } from '../people/person.enums';
import { CampaignEntity } from './campaign.entity';
import type { MemberStatus } from './campaign.enums';

/** A lead or contact in a campaign, with the address and names its emails are written with. */
@Entity('campaign_member')
@Index('campaign_member_page_idx', ['campaignId', 'addedAt', 'personId'])
export class CampaignMemberEntity {
  @PrimaryColumn('uuid')
  campaignId!: string;

  @PrimaryColumn('uuid')
  personId!: string;

  @ManyToOne(() => CampaignEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'campaign_id' })
  campaign?: CampaignEntity;

  @Column('text')
  personKind!: PersonKind;

  @Column('text')
  email!: string;

  @Column('text', { nullable: true })
  name!: string | null;

  @Column('text', { nullable: true })
  company!: string | null;

  @Column('uuid', { nullable: true })
  customerId!: string | null;

  @Column('text')
  status!: MemberStatus;

  @Column('timestamptz')
  addedAt!: Date;

  @Column('timestamptz')
  updatedAt!: Date;
}
