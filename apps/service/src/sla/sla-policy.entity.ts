import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { CasePriority } from '../cases/case.enums';

/**
 * The targets of the cases of one priority, in business minutes on a calendar: of one customer
 * tier's cases, or of every tier's (a null tier) where no policy names the case's tier.
 */
@Entity('sla_policy')
// One policy per priority and tier, a null tier counting as one value (NULLS NOT DISTINCT, which
// TypeORM cannot declare: migration 1796200000000).
@Index('sla_policy_key', { synchronize: false })
export class SlaPolicyEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  priority!: CasePriority;

  /** The customer tier whose cases it covers (1 the top); null for every tier without a policy of its own. */
  @Column('smallint', { nullable: true })
  customerTier!: number | null;

  @Column('uuid')
  calendarId!: string;

  @Column('int')
  firstResponseMinutes!: number;

  @Column('int')
  resolutionMinutes!: number;

  /** Where a breached case is re-queued; null leaves it in its queue. */
  @Column('uuid', { nullable: true })
  escalationQueueId!: string | null;
}
