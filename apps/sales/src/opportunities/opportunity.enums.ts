import { registerEnumType } from '@nestjs/graphql';

export enum OpportunityStatus {
  OPEN = 'OPEN',
  WON = 'WON',
  LOST = 'LOST',
}

registerEnumType(OpportunityStatus, { name: 'OpportunityStatus', description: 'OPEN while worked; WON or LOST once closed.' });

export enum ContactRole {
  DECISION_MAKER = 'DECISION_MAKER',
  ECONOMIC_BUYER = 'ECONOMIC_BUYER',
  CHAMPION = 'CHAMPION',
  INFLUENCER = 'INFLUENCER',
  TECHNICAL_EVALUATOR = 'TECHNICAL_EVALUATOR',
  END_USER = 'END_USER',
  OTHER = 'OTHER',
}

registerEnumType(ContactRole, { name: 'OpportunityContactRole', description: "A contact's part in a deal." });
