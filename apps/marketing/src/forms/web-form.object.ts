import { Connection } from '@crm/graphql';
import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import type { FormSubmissionEntity } from './form-submission.entity';
import { LeadAttributeInput } from './web-form.input';
import type { WebFormEntity } from './web-form.entity';

@ObjectType()
export class FormFieldMapping {
  @Field()
  field!: string;

  @Field(() => LeadAttributeInput)
  attribute!: LeadAttributeInput;

  @Field()
  required!: boolean;
}

@ObjectType({ description: 'A web form published on a site; it posts to postPath through the gateway, with no token.' })
export class WebForm {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'The public key in the form action URL.' })
  key!: string;

  @Field({ description: 'Where the page posts: /forms/<key>. A GET there serves a plain hosted page of the form.' })
  postPath!: string;

  @Field()
  name!: string;

  @Field(() => [FormFieldMapping])
  fieldMap!: FormFieldMapping[];

  @Field(() => ID, { nullable: true })
  campaignId!: string | null;

  @Field(() => String, { nullable: true })
  utmSource!: string | null;

  @Field(() => String, { nullable: true })
  utmMedium!: string | null;

  @Field(() => String, { nullable: true })
  utmTerm!: string | null;

  @Field(() => String, { nullable: true })
  consentText!: string | null;

  @Field({ description: 'A ticked consent lifts an earlier withdrawal (an explicit opt-in form).' })
  explicitOptIn!: boolean;

  @Field()
  honeypotField!: string;

  @Field(() => Int)
  scorePoints!: number;

  @Field(() => [String])
  allowedOrigins!: string[];

  @Field(() => String, { nullable: true })
  thankYouUrl!: string | null;

  @Field(() => String, { nullable: true })
  thankYouMessage!: string | null;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;
}

@ObjectType()
export class WebFormConnection extends Connection(WebForm) {}

export const toWebForm = (e: WebFormEntity): WebForm => ({
  id: e.id,
  key: e.key,
  postPath: `/forms/${e.key}`,
  name: e.name,
  fieldMap: e.fieldMap.map((m) => ({ field: m.field, attribute: m.attribute as LeadAttributeInput, required: m.required })),
  campaignId: e.campaignId,
  utmSource: e.utmSource,
  utmMedium: e.utmMedium,
  utmTerm: e.utmTerm,
  consentText: e.consentText,
  explicitOptIn: e.explicitOptIn,
  honeypotField: e.honeypotField,
  scorePoints: e.scorePoints,
  allowedOrigins: e.allowedOrigins,
  thankYouUrl: e.thankYouUrl,
  thankYouMessage: e.thankYouMessage,
  createdAt: e.createdAt,
  updatedAt: e.updatedAt,
});

@ObjectType()
export class FormSubmissionValue {
  @Field(() => LeadAttributeInput)
  attribute!: LeadAttributeInput;

  @Field()
  value!: string;
}

@ObjectType({ description: 'One accepted post of a form, with the consent text shown and whether it was ticked.' })
export class FormSubmission {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  leadId!: string;

  @Field(() => [FormSubmissionValue])
  values!: FormSubmissionValue[];

  @Field(() => ID, { nullable: true })
  campaignId!: string | null;

  @Field(() => String, { nullable: true })
  utmSource!: string | null;

  @Field(() => String, { nullable: true })
  utmMedium!: string | null;

  @Field(() => String, { nullable: true })
  utmTerm!: string | null;

  @Field(() => String, { nullable: true })
  consentText!: string | null;

  @Field()
  consentGiven!: boolean;

  @Field(() => String, { nullable: true, description: 'The Origin of the page that posted, when the browser said.' })
  origin!: string | null;

  @Field()
  submittedAt!: Date;
}

@ObjectType()
export class FormSubmissionConnection extends Connection(FormSubmission) {}

export const toFormSubmission = (e: FormSubmissionEntity): FormSubmission => ({
  id: e.id,
  leadId: e.leadId,
  // jsonb keeps no key order: by attribute name, so the answer is stable.
  values: Object.entries(e.values)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([attribute, value]) => ({ attribute: attribute as LeadAttributeInput, value })),
  campaignId: e.campaignId,
  utmSource: e.utmSource,
  utmMedium: e.utmMedium,
  utmTerm: e.utmTerm,
  consentText: e.consentText,
  consentGiven: e.consentGiven,
  origin: e.origin,
  submittedAt: e.submittedAt,
});
