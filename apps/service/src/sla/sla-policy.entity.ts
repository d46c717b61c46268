import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CasePriority } from '../cases/case.enums';

/** The targets of every case of one priority, in business minutes on a calendar. */
@Entity('sla_policy')
export class SlaPolicyEntity {
  @PrimaryColumn('text')
  priority!: CasePriority;

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
