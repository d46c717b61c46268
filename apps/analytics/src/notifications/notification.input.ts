import { ConnectionArgs } from '@crm/graphql';
import { ArgsType, Field, InputType } from '@nestjs/graphql';
import { IsBoolean, IsEnum, IsOptional } from 'class-validator';
import { NOTIFICATION_KINDS, NotificationKind } from './notification-kind';

@ArgsType()
export class MyNotificationsArgs extends ConnectionArgs {
  @Field(() => Boolean, { nullable: true, description: 'Only those not read yet.' })
  @IsOptional()
  @IsBoolean()
  unreadOnly?: boolean;
}

@InputType()
export class NotificationPreferenceInput {
  @Field(() => NotificationKind)
  @IsEnum(NotificationKind, { message: `kind must be one of ${NOTIFICATION_KINDS.join(', ')}` })
  kind!: NotificationKind;

  @Field({ description: 'Shown in the app; off, none of this kind is made from then on.' })
  @IsBoolean()
  inApp!: boolean;

  @Field({ description: 'In the email digest.' })
  @IsBoolean()
  emailDigest!: boolean;
}
