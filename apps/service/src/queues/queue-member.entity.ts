import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A user who works a queue's cases. */
@Entity('queue_member')
export class QueueMemberEntity {
  @PrimaryColumn('uuid')
  queueId!: string;

  @PrimaryColumn('uuid')
  userId!: string;

  @Column('timestamptz')
  addedAt!: Date;
}
