import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { RoutingMode } from './queue.enums';

/** A queue of cases worked by its members. */
@Entity('queue')
@Index('queue_name_key', ['name'], { unique: true })
export class QueueEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  name!: string;

  @Column('text')
  routingMode!: RoutingMode;

  /** ROUND_ROBIN's turn: the member who got the last case; the next is the one after them. */
  @Column('uuid', { nullable: true })
  lastAssigneeId!: string | null;

  @Column('timestamptz')
  createdAt!: Date;
}
