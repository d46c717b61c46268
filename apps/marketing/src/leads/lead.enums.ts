import { registerEnumType } from '@nestjs/graphql';

export enum LeadSource {
  WEB_FORM = 'WEB_FORM',
  EVENT = 'EVENT',
  REFERRAL = 'REFERRAL',
  PARTNER = 'PARTNER',
  IMPORT = 'IMPORT',
  OTHER = 'OTHER',
}

export enum LeadStatus {
  NEW = 'NEW',
  CONTACTED = 'CONTACTED',
  QUALIFIED = 'QUALIFIED',
  UNQUALIFIED = 'UNQUALIFIED',
  RECYCLED = 'RECYCLED',
  CONVERTED = 'CONVERTED',
}

registerEnumType(LeadSource, { name: 'LeadSource', description: 'Where a lead came from.' });
registerEnumType(LeadStatus, {
  name: 'LeadStatus',
  description:
    'Where the lead is in qualification: NEW when captured, then CONTACTED, QUALIFIED or UNQUALIFIED (with a reason), RECYCLED to be worked again, and CONVERTED into a customer.',
});
