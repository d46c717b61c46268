import { Column, Entity, Index, ManyToOne, JoinColumn, PrimaryColumn } from 'typeorm';
import type { CampaignStatus, CampaignType } from './campaign.enums';

@Entity('campaign')
@Index('campaign_created_idx', ['createdAt', 'id'])
@Index('campaign_parent_idx', ['parentId'])
export class CampaignEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  name!: string;

  @Column('text')
  type!: CampaignType;

  @Column('text')
  status!: CampaignStatus;

  @Column('date', { nullable: true })
  startDate!: string | null;

  @Column('date', { nullable: true })
  endDate!: string | null;

  @Column('numeric', { precision: 19, scale: 4, nullable: true })
  budgetAmount!: string | null;

  @Column('char', { length: 3, nullable: true })
  budgetCurrency!: string | null;

  @Column('numeric', { precision: 19, scale: 4, nullable: true })
  actualCostAmount!: string | null;

  @Column('char', { length: 3, nullable: true })
  actualCostCurrency!: string | null;

  @Column('uuid', { nullable: true })
  parentId!: string | null;

  @ManyToOne(() => CampaignEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_id' })
  parent?: CampaignEntity;

  @Column('timestamptz')
  createdAt!: Date;

  @Column('timestamptz')
  updatedAt!: Date;
}
