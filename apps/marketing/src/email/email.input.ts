import { Field, ID, InputType } from '@nestjs/graphql';
import { IsDate, IsOptional, IsString, Length } from 'class-validator';
import { UuidInput, TrimmedString } from '@crm/graphql';

export const TEMPLATE_NAME_MAX = 200;
export const SUBJECT_MAX = 250;
export const BODY_MAX = 200_000;

@InputType({
  description:
    'An email template. Merge fields: {{name}}, {{firstName}}, {{company}}, {{email}}, {{ownerName}}, {{campaign}}, {{unsubscribeUrl}}, and {{#field}}...{{/field}} sections. Values are HTML-escaped; links must be fixed http(s) URLs.',
})
export class CreateEmailTemplateInput {
  @Field()
  @TrimmedString({ min: 1, max: TEMPLATE_NAME_MAX })
  name!: string;

  @Field()
  @TrimmedString({ min: 1, max: SUBJECT_MAX })
  subject!: string;

  @Field()
  @IsString()
  @Length(1, BODY_MAX, { message: `html must be 1 to ${BODY_MAX} characters` })
  html!: string;

  @Field(() => String, { nullable: true, description: 'The plain-text part; an unsubscribe line is added.' })
  @IsOptional()
  @IsString()
  @Length(1, BODY_MAX, { message: `text must be 1 to ${BODY_MAX} characters` })
  text?: string | null;
}

@InputType()
export class ScheduleCampaignSendInput {
  @Field(() => ID)
  @UuidInput()
  campaignId!: string;

  @Field(() => ID)
  @UuidInput()
  templateId!: string;

  @Field(() => Date, { nullable: true, description: 'When to start; now when left out.' })
  @IsOptional()
  @IsDate({ message: 'scheduledAt must be a date-time' })
  scheduledAt?: Date | null;
}
