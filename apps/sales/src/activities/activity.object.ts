import { Connection } from '@crm/graphql';
import { Field, ID, ObjectType } from '@nestjs/graphql';
import type { ActivityEntity } from './activity.entity';
import { ActivityType } from './activity.enums';

@ObjectType({ description: 'A task, call, meeting or email logged against a customer, one of its contacts or opportunities.' })
export class Activity {
  @Field(() => ID)
  id!: string;

  @Field(() => ActivityType)
  type!: ActivityType;

  @Field()
  subject!: string;

  @Field(() => String, { nullable: true })
  notes!: string | null;

  @Field(() => ID)
  customerId!: string;

  @Field(() => ID, { nullable: true })
  contactId!: string | null;

  @Field(() => ID, { nullable: true })
  opportunityId!: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'The marketing lead it follows up: a task sales made when the lead was routed to its owner.',
  })
  leadId!: string | null;

  @Field(() => ID, { nullable: true, description: 'The user it is assigned to.' })
  ownerId!: string | null;

  @Field(() => Date, { nullable: true })
  dueAt!: Date | null;

  @Field(() => Date, { nullable: true })
  remindAt!: Date | null;

  @Field()
  completed!: boolean;

  @Field(() => Date, { nullable: true })
  completedAt!: Date | null;

  @Field(() => ID, { nullable: true, description: 'The user who completed it.' })
  completedBy!: string | null;

  @Field(() => ID, { nullable: true })
  createdBy!: string | null;

  @Field({ description: "Created by an automation: the stale-customer follow-up, or a routed lead's follow-up." })
  automated!: boolean;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;
}

@ObjectType()
export class ActivityConnection extends Connection(Activity) {}

export function toActivity(e: ActivityEntity): Activity {
  return {
    id: e.id,
    type: e.type,
    subject: e.subject,
    notes: e.notes,
    customerId: e.customerId,
    contactId: e.contactId,
    opportunityId: e.opportunityId,
    leadId: e.leadId,
    ownerId: e.ownerId,
    dueAt: e.dueAt,
    remindAt: e.remindAt,
    completed: e.completedAt !== null,
    completedAt: e.completedAt,
    completedBy: e.completedBy,
    createdBy: e.createdBy,
    automated: e.followUpWindow !== null || e.leadId !== null,
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
  };
}
