import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The working time SLA targets are counted in (see business-hours.ts). */
@Entity('business_calendar')
@Index('business_calendar_name_key', ['name'], { unique: true })
export class BusinessCalendarEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  name!: string;

  @Column('text')
  timeZone!: string;

  @Column('smallint', { array: true })
  workingDays!: number[];

  @Column('jsonb')
  hours!: { start: string; end: string }[];

  @Column('text', { array: true })
  holidays!: string[];

  @Column('timestamptz')
  createdAt!: Date;
}
