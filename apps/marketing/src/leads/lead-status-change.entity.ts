import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { LeadStatus } from './lead.enums';
import type { LeadEntity } from './lead.entity';

/** One move of a lead's status: who moved it, when, from and to. Never updated; moved along when leads merge. */
@Entity('lead_status_change')
@Index('lead_status_change_lead_idx', ['leadId', 'changedAt', 'id'])
export class LeadStatusChangeEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid')
  leadId!: string;

  @ManyToOne('LeadEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'lead_id' })
  lead?: LeadEntity;

  @Column('text')
  fromStatus!: LeadStatus;

  @Column('text')
  toStatus!: LeadStatus;

  /** Why, when the move needs one (UNQUALIFIED). */
  @Column('text', { nullable: true })
  reason!: string | null;

  /** The user who moved it; null for the system (routing, scoring). */
  @Column('uuid', { nullable: true })
  changedBy!: string | null;

  @Column('timestamptz')
  changedAt!: Date;
}
