import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { OpportunityStatus } from './opportunity.enums';
import type { OpportunityEntity } from './opportunity.entity';

/** One row per move, creation included (then `fromStageId` is null): the full stage history. */
@Entity('opportunity_stage_change')
@Index('opportunity_stage_change_opportunity_idx', ['opportunityId', 'seq'])
export class OpportunityStageChangeEntity {
  /** Commit order: several moves can share a millisecond. */
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  seq!: string;

  @Column('uuid')
  opportunityId!: string;

  @ManyToOne('OpportunityEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'opportunity_id' })
  opportunity?: OpportunityEntity;

  @Column('uuid', { nullable: true })
  fromStageId!: string | null;

  @Column('uuid')
  toStageId!: string;

  @Column('text', { nullable: true })
  fromStatus!: OpportunityStatus | null;

  @Column('text')
  toStatus!: OpportunityStatus;

  /** The user who made the move; null before the auth guard lands or for system moves. */
  @Column('uuid', { nullable: true })
  changedBy!: string | null;

  @Column('timestamptz')
  changedAt!: Date;
}
