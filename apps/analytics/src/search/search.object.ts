import { CustomerRef } from '@crm/graphql';
import { createUnionType, Directive, Field, Float, ID, ObjectType } from '@nestjs/graphql';
import { SearchType } from './search-type';
import type { SearchRow } from './search.repository';

// The records a hit points at, as keys only: their owners resolve them (`resolvable: false`), in the
// caller's scope, so a hit shows no more of a record than its owner would.

@ObjectType('Contact')
@Directive('@key(fields: "id", resolvable: false)')
export class ContactRef {
  @Field(() => ID)
  id!: string;
}

@ObjectType('Lead')
@Directive('@key(fields: "id", resolvable: false)')
export class LeadRef {
  @Field(() => ID)
  id!: string;
}

@ObjectType('Opportunity')
@Directive('@key(fields: "id", resolvable: false)')
export class OpportunityRef {
  @Field(() => ID)
  id!: string;
}

@ObjectType('Case')
@Directive('@key(fields: "id", resolvable: false)')
export class CaseRef {
  @Field(() => ID)
  id!: string;
}

@ObjectType('Partner')
@Directive('@key(fields: "id", resolvable: false)')
export class PartnerRef {
  @Field(() => ID)
  id!: string;
}

@ObjectType('KnowledgeArticle')
@Directive('@key(fields: "id", resolvable: false)')
export class KnowledgeArticleRef {
  @Field(() => ID)
  id!: string;
}

const RECORD_TYPES = {
  [SearchType.CUSTOMER]: CustomerRef,
  [SearchType.CONTACT]: ContactRef,
  [SearchType.LEAD]: LeadRef,
  [SearchType.OPPORTUNITY]: OpportunityRef,
  [SearchType.CASE]: CaseRef,
  [SearchType.PARTNER]: PartnerRef,
  [SearchType.KNOWLEDGE_ARTICLE]: KnowledgeArticleRef,
} as const;

type SearchRecordValue = { id: string; searchType: SearchType };

export const SearchRecord = createUnionType({
  name: 'SearchRecord',
  description: 'The record a hit found, resolved by its owner.',
  types: () => Object.values(RECORD_TYPES),
  resolveType: (value: SearchRecordValue) => RECORD_TYPES[value.searchType],
});

@ObjectType({ description: 'One record search found, with why.' })
export class SearchHit {
  @Field(() => SearchType)
  type!: SearchType;

  @Field(() => Float, {
    description:
      'Higher is better: 10 for an exact email or domain, plus full-text rank and trigram similarity of the title (0 to 1 each).',
  })
  score!: number;

  @Field(() => [String], {
    description: "The record's fields the query matched, by their owner's names (name, emails, domain, contactEmails...).",
  })
  matchedFields!: string[];

  @Field(() => SearchRecord)
  record!: SearchRecordValue;
}

export const toSearchHit = (row: SearchRow): SearchHit => ({
  type: row.type,
  score: row.score,
  matchedFields: row.matchedFields,
  record: { id: row.id, searchType: row.type },
});
