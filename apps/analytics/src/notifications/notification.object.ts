import { Connection } from '@crm/graphql';
import { Field, ID, ObjectType } from '@nestjs/graphql';
import { NotificationKind } from './notification-kind';
import type { NotificationPreferenceEntity } from './notification-preference.entity';
import type { NotificationEntity } from './notification.entity';

@ObjectType({ description: "An entry of the caller's inbox." })
export class Notification {
  @Field(() => ID)
  id!: string;

  @Field(() => NotificationKind)
  kind!: NotificationKind;

  @Field({ description: 'What it is about: CUSTOMER, CONTACT, OPPORTUNITY, LEAD, CASE or PARTNER.' })
  recordType!: string;

  @Field(() => ID)
  recordId!: string;

  @Field(() => ID, { nullable: true })
  customerId!: string | null;

  @Field()
  summary!: string;

  @Field({ description: 'When its cause happened.' })
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  readAt!: Date | null;

  @Field()
  read!: boolean;
}

@ObjectType()
export class NotificationConnection extends Connection(Notification) {}

@ObjectType({ description: 'How the caller is told about one kind of notification.' })
export class NotificationPreference {
  @Field(() => NotificationKind)
  kind!: NotificationKind;

  @Field({ description: 'Shown in the app; off, none of this kind is made.' })
  inApp!: boolean;

  @Field({
    description:
      'In the email digest: one mail of your unread notifications of the kinds you chose, once per digest interval (a day by default).',
  })
  emailDigest!: boolean;
}

export const toNotification = (n: NotificationEntity): Notification => ({
  id: n.id,
  kind: n.kind as NotificationKind,
  recordType: n.recordType,
  recordId: n.recordId,
  customerId: n.customerId,
  summary: n.summary,
  createdAt: n.createdAt,
  readAt: n.readAt,
  read: n.readAt !== null,
});

export const toPreference = (p: Pick<NotificationPreferenceEntity, 'kind' | 'inApp' | 'emailDigest'>): NotificationPreference => ({
  kind: p.kind as NotificationKind,
  inApp: p.inApp,
  emailDigest: p.emailDigest,
});
