import { registerEnumType } from '@nestjs/graphql';

/** The lead attribute a fit rule looks at. */
export enum FitAttribute {
  INDUSTRY = 'INDUSTRY',
  COUNTRY = 'COUNTRY',
  TITLE = 'TITLE',
  EMPLOYEE_COUNT = 'EMPLOYEE_COUNT',
}

/** What a lead did that an engagement rule rewards. */
export enum EngagementSignal {
  FORM_SUBMITTED = 'FORM_SUBMITTED',
  EMAIL_OPENED = 'EMAIL_OPENED',
  EMAIL_CLICKED = 'EMAIL_CLICKED',
  EVENT_ATTENDED = 'EVENT_ATTENDED',
}

registerEnumType(FitAttribute, {
  name: 'FitAttribute',
  description:
    'INDUSTRY and COUNTRY match one of the values exactly (case aside), TITLE contains one of them, EMPLOYEE_COUNT lies between min and max.',
});
registerEnumType(EngagementSignal, { name: 'EngagementSignal', description: 'What a lead did that earns engagement points.' });
