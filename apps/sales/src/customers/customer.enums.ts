import { registerEnumType } from '@nestjs/graphql';

/** Head count bands, smallest first: the order the SIZE sorts follow. */
export enum CompanySize {
  MICRO = 'MICRO',
  SMALL = 'SMALL',
  MEDIUM = 'MEDIUM',
  LARGE = 'LARGE',
  ENTERPRISE = 'ENTERPRISE',
}

registerEnumType(CompanySize, {
  name: 'CompanySize',
  description: 'Head count: MICRO 1-9, SMALL 10-49, MEDIUM 50-249, LARGE 250-999, ENTERPRISE 1000 and more.',
});

/** Where the account is in its life with us, in funnel order: the order the LIFECYCLE_STAGE sort follows. */
export enum LifecycleStage {
  LEAD = 'LEAD',
  PROSPECT = 'PROSPECT',
  CUSTOMER = 'CUSTOMER',
  CHURNED = 'CHURNED',
}

registerEnumType(LifecycleStage, {
  name: 'LifecycleStage',
  description: 'LEAD (not qualified yet), PROSPECT (being sold to), CUSTOMER (has bought), CHURNED (has left).',
});

export const COMPANY_SIZES = Object.values(CompanySize);
export const LIFECYCLE_STAGES = Object.values(LifecycleStage);
