import { trim } from '@crm/graphql';
import { ArgsType, Field, Int } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsEnum, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { SearchType } from './search-type';

export const MAX_SEARCH_HITS = 50;

@ArgsType()
export class SearchArgs {
  @Field({ description: 'What to look for: 2 to 200 characters (after trimming); words match as prefixes, an email or a domain exactly.' })
  @Transform(trim)
  @IsString({ message: 'query must be text' })
  @Length(2, 200, { message: 'query must be 2 to 200 characters' })
  query!: string;

  @Field(() => [SearchType], { nullable: true, description: 'Only these kinds of record; every kind when left out or empty.' })
  @IsOptional()
  @ArrayMaxSize(Object.keys(SearchType).length, { message: `types must list at most ${Object.keys(SearchType).length} kinds` })
  @IsEnum(SearchType, { each: true, message: `types must each be one of ${Object.values(SearchType).join(', ')}` })
  types?: SearchType[];

  @Field(() => Int, { nullable: true, description: `How many hits, best first: 20 when left out, at most ${MAX_SEARCH_HITS}.` })
  @IsOptional()
  @IsInt({ message: 'first must be an integer' })
  @Min(1, { message: 'first must be at least 1' })
  @Max(MAX_SEARCH_HITS, { message: `first must be at most ${MAX_SEARCH_HITS}` })
  first?: number;
}
