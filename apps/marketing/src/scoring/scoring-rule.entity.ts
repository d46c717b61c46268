import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { EngagementSignal, FitAttribute } from './scoring.enums';

/**
 * One declarative scoring rule. A fit rule (attribute set) gives its points while the lead's
 * attribute matches; an engagement rule (signal set) gives them each time the lead does the thing.
 */
@Entity('scoring_rule')
@Index('scoring_rule_created_idx', ['createdAt', 'id'])
export class ScoringRuleEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  name!: string;

  @Column('text', { nullable: true })
  attribute!: FitAttribute | null;

  /** Lowercased: INDUSTRY and COUNTRY equal one of them, TITLE contains one. */
  @Column('text', { array: true, default: '{}' })
  values!: string[];

  @Column('integer', { nullable: true })
  minEmployees!: number | null;

  @Column('integer', { nullable: true })
  maxEmployees!: number | null;

  @Column('text', { nullable: true })
  signal!: EngagementSignal | null;

  /** May be negative: a rule can count against a lead (students, competitors). */
  @Column('integer')
  points!: number;

  @Column('boolean')
  active!: boolean;

  @Column('timestamptz')
  createdAt!: Date;

  @Column('timestamptz')
  updatedAt!: Date;
}
