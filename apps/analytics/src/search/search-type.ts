import { registerEnumType } from '@nestjs/graphql';

/** The kinds of record search finds; each is an entity its owner resolves. */
export enum SearchType {
  CUSTOMER = 'CUSTOMER',
  CONTACT = 'CONTACT',
  LEAD = 'LEAD',
  OPPORTUNITY = 'OPPORTUNITY',
  CASE = 'CASE',
  PARTNER = 'PARTNER',
  KNOWLEDGE_ARTICLE = 'KNOWLEDGE_ARTICLE',
}

registerEnumType(SearchType, { name: 'SearchType', description: 'A kind of record search finds.' });
