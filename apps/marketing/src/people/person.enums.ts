import { registerEnumType } from '@nestjs/graphql';

export enum PersonKind {
  LEAD = 'LEAD',
  CONTACT = 'CONTACT',
}

registerEnumType(PersonKind, {
  name: 'PersonKind',
  description: 'Who a marketing record is about: a lead (marketing owns it) or a contact (sales owns it).',
});
