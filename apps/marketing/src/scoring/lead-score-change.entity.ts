import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One rule's points in one score change: the breakdown and history of a lead's score. */
@Entity('lead_score_change')
@Index('lead_score_change_lead_idx', ['leadId', 'occurredAt', 'id'])
export class LeadScoreChangeEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid')
  leadId!: string;

  /** Null for the points a web form itself carries. */
  @Column('uuid', { nullable: true })
  ruleId!: string | null;

  /** FIT, or the engagement signal. */
  @Column('text')
  reason!: string;

  @Column('integer')
  points!: number;

  @Column('integer')
  scoreAfter!: number;

  @Column('timestamptz')
  occurredAt!: Date;
}
