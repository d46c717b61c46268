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

  // Nullable on purpose: the owner resolves the record when the hit is answered, and a record
  // deleted, merged away or moved out of the caller's scope since the index last heard of it
  // answers null there. Non-null, that one stale hit would null the whole search.
  @Field(() => SearchRecord, {
    nullable: true,
    description:
      "The record, as its owner answers it to the caller; null when the owner no longer does (deleted, merged away or out of the caller's scope) and the index has not caught up yet.",
  })
  record!: SearchRecordValue;
}

export const toSearchHit = (row: SearchRow): SearchHit => ({
  type: row.type,
  score: row.score,
  matchedFields: row.matchedFields,
  record: { id: row.id, searchType: row.type },
});
