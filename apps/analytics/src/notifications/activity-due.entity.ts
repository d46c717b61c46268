import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** An activity with its owner and due time, as sales' activity events say: what the due-soon job looks at. */
@Entity('activity_due')
@Index('activity_due_open_idx', ['dueAt'], { where: 'open' })
export class ActivityDueEntity {
  @PrimaryColumn('uuid')
  activityId!: string;

  @Column('uuid')
  customerId!: string;

  @Column('uuid', { nullable: true })
  ownerId!: string | null;

  /** TASK, CALL, MEETING or EMAIL. */
  @Column('text')
  type!: string;

  @Column('text')
  subject!: string;

  @Column('timestamptz', { nullable: true })
  dueAt!: Date | null;

  /** Not completed (nor deleted): only an open activity is due. */
  @Column('boolean')
  open!: boolean;
}
