import { CustomerRef } from '@crm/graphql';
import { createUnionType, Directive, Field, Float, ID, ObjectType } from '@nestjs/graphql';
import { SearchType } from './search-type';
import type { SearchRow } from './search.repository';

/**
 * A record a hit points at, as its key only: its owner resolves it (`resolvable: false`), in the
 * caller's scope, so a hit shows no more of a record than its owner would.
 */
function entityRef(name: string) {
  @ObjectType(name)
  @Directive('@key(fields: "id", resolvable: false)')
  class EntityRef {
    @Field(() => ID)
    id!: string;
  }
  return EntityRef;
}

const RECORD_TYPES = {
  [SearchType.CUSTOMER]: CustomerRef,
  [SearchType.CONTACT]: entityRef('Contact'),
  [SearchType.LEAD]: entityRef('Lead'),
  [SearchType.OPPORTUNITY]: entityRef('Opportunity'),
  [SearchType.CASE]: entityRef('Case'),
  [SearchType.PARTNER]: entityRef('Partner'),
  [SearchType.KNOWLEDGE_ARTICLE]: entityRef('KnowledgeArticle'),
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
