import { PARTNER_TAG } from '@crm/graphql';
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

/**
 * The kinds a partner's search finds: its own record, its deals and the customers it is linked to,
 * the members of the hits' union that the partner contract keeps. Only these values are tagged, so
 * the contract's enum names no other kind; the service refuses others too (a subgraph reached
 * directly, a client that sends them anyway) rather than answering them empty.
 */
export const PARTNER_SEARCH_TYPES: readonly SearchType[] = [SearchType.CUSTOMER, SearchType.OPPORTUNITY, SearchType.PARTNER];

registerEnumType(SearchType, {
  name: 'SearchType',
  description: 'A kind of record search finds.',
  valuesMap: Object.fromEntries(PARTNER_SEARCH_TYPES.map((t) => [t, { directives: [PARTNER_TAG] }])),
});
