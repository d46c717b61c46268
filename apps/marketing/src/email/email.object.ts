import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import type { EmailSendEntity } from './email-send.entity';
import type { EmailTemplateEntity } from './email-template.entity';
import { EmailSendStatus } from './email.enums';

@ObjectType()
export class EmailTemplate {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field()
  subject!: string;

  @Field()
  html!: string;

  @Field(() => String, { nullable: true })
  text!: string | null;

  @Field()
  createdAt!: Date;
}

@ObjectType({ description: "A send's messages by what became of them." })
export class EmailSendCounts {
  @Field(() => Int, { description: 'Recorded and being handed to the relay.' })
  sending!: number;

  @Field(() => Int)
  sent!: number;

  @Field(() => Int, { description: 'No email-marketing consent, unsubscribed or bounced.' })
  skipped!: number;

  @Field(() => Int)
  failed!: number;
}

@ObjectType({ description: "One scheduled send of a campaign's email to its members." })
export class EmailSend {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  campaignId!: string;

  @Field(() => ID)
  templateId!: string;

  @Field(() => EmailSendStatus)
  status!: EmailSendStatus;

  @Field()
  scheduledAt!: Date;

  @Field(() => Date, { nullable: true })
  completedAt!: Date | null;
}

export const toEmailTemplate = (e: EmailTemplateEntity): EmailTemplate => ({
  id: e.id,
  name: e.name,
  subject: e.subject,
  html: e.html,
  text: e.text,
  createdAt: e.createdAt,
});

export const toEmailSend = (e: EmailSendEntity): EmailSend => ({
  id: e.id,
  campaignId: e.campaignId,
  templateId: e.templateId,
  status: e.status,
  scheduledAt: e.scheduledAt,
  completedAt: e.completedAt,
});
