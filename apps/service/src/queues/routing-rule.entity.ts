import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { CaseChannel, CaseType } from '../cases/case.enums';

/**
 * Sends a new case to a queue when every condition it sets matches (a null condition matches
 * anything). Rules are tried by position; the first match wins.
 */
@Entity('routing_rule')
@Index('routing_rule_position_key', ['position'], { unique: true })
export class RoutingRuleEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('int')
  position!: number;

  @Column('uuid')
  queueId!: string;

  @Column('text', { nullable: true })
  caseType!: CaseType | null;

  @Column('text', { nullable: true })
  channel!: CaseChannel | null;

  @Column('uuid', { nullable: true })
  productId!: string | null;

  /** Matches cases of customers of this tier only (1 the top). */
  @Column('smallint', { nullable: true })
  customerTier!: number | null;
}
