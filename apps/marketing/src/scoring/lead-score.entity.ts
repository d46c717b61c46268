import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A lead's current score. Kept beside the lead (not on it) so scoring changes no lead row. */
@Entity('lead_score')
export class LeadScoreEntity {
  @PrimaryColumn('uuid')
  leadId!: string;

  @Column('integer')
  fit!: number;

  /** Undecayed as of engagementAt; decays from there (see `decayed`). */
  @Column('double precision')
  engagement!: number;

  @Column('timestamptz')
  engagementAt!: Date;

  /** fit + engagement rounded, as of the last change. */
  @Column('integer')
  score!: number;

  /** When the score first crossed the MQL threshold; it stays a marketing-qualified lead after. */
  @Column('timestamptz', { nullable: true })
  qualifiedAt!: Date | null;

  @Column('timestamptz')
  updatedAt!: Date;
}
