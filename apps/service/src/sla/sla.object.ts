import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { CasePriority } from '../cases/case.enums';
import type { BusinessCalendarEntity } from './business-calendar.entity';
import type { SlaPolicyEntity } from './sla-policy.entity';

@ObjectType()
export class WorkingHours {
  @Field()
  start!: string;

  @Field()
  end!: string;
}

@ObjectType({ description: 'The working time SLA targets are counted in.' })
export class BusinessCalendar {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field()
  timeZone!: string;

  @Field(() => [Int])
  workingDays!: number[];

  @Field(() => [WorkingHours])
  hours!: WorkingHours[];

  @Field(() => [String])
  holidays!: string[];
}

@ObjectType({ description: 'The SLA targets of the cases of one priority and customer tier, in business minutes.' })
export class SlaPolicy {
  @Field(() => CasePriority)
  priority!: CasePriority;

  @Field(() => Int, {
    nullable: true,
    description: "The customers' tier whose cases it covers (1 the top); null: every tier without a policy of its own.",
  })
  customerTier!: number | null;

  @Field(() => ID)
  calendarId!: string;

  @Field(() => Int)
  firstResponseMinutes!: number;

  @Field(() => Int)
  resolutionMinutes!: number;

  @Field(() => ID, { nullable: true })
  escalationQueueId!: string | null;
}

export function toBusinessCalendar(e: BusinessCalendarEntity): BusinessCalendar {
  return { id: e.id, name: e.name, timeZone: e.timeZone, workingDays: e.workingDays, hours: e.hours, holidays: e.holidays };
}

export function toSlaPolicy(e: SlaPolicyEntity): SlaPolicy {
  return {
    priority: e.priority,
    customerTier: e.customerTier,
    calendarId: e.calendarId,
    firstResponseMinutes: e.firstResponseMinutes,
    resolutionMinutes: e.resolutionMinutes,
    escalationQueueId: e.escalationQueueId,
  };
}
