import { ConnectionArgs, IsOptionalNotNull, UuidInput, TrimmedString, FilterArg } from '@crm/graphql';
import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { IsBoolean, IsEnum, IsOptional, IsString, Length } from 'class-validator';
import { ArticleStatus, ArticleVisibility } from './knowledge.enums';

export const CATEGORY_NAME_MAX = 100;
export const TITLE_MAX = 200;
export const BODY_MAX = 100_000;
/** Longer than any question a person types; a longer one is refused rather than handed to the parser. */
export const SEARCH_QUERY_MAX = 200;

@InputType()
export class CreateKnowledgeCategoryInput {
  @Field({ description: 'Unique.' })
  @TrimmedString({ min: 1, max: CATEGORY_NAME_MAX })
  name!: string;
}

@InputType()
export class CreateKnowledgeArticleInput {
  @Field()
  @TrimmedString({ min: 1, max: TITLE_MAX })
  title!: string;

  @Field({ description: `Plain text, at most ${BODY_MAX} characters.` })
  @IsString()
  @Length(1, BODY_MAX, { message: `body must be 1 to ${BODY_MAX} characters` })
  body!: string;

  @Field(() => ID, { nullable: true })
  @UuidInput({ optional: true })
  categoryId?: string | null;

  @Field(() => ArticleVisibility, { defaultValue: ArticleVisibility.INTERNAL })
  @IsEnum(ArticleVisibility)
  visibility: ArticleVisibility = ArticleVisibility.INTERNAL;
}

@InputType({
  description:
    'Title and body edit the content: a published article keeps what readers see, and the edit becomes (or changes) a draft version until published. Category and visibility apply at once.',
})
export class UpdateKnowledgeArticleInput {
  @Field(() => ID)
  @UuidInput()
  id!: string;

  @Field({ nullable: true })
  @TrimmedString({ min: 1, max: TITLE_MAX, optional: 'not-null' })
  title?: string;

  @Field({ nullable: true })
  @IsOptionalNotNull()
  @IsString()
  @Length(1, BODY_MAX, { message: `body must be 1 to ${BODY_MAX} characters` })
  body?: string;

  @Field(() => ID, { nullable: true, description: 'null takes it out of its category.' })
  @UuidInput({ optional: true })
  categoryId?: string | null;

  @Field(() => ArticleVisibility, { nullable: true })
  @IsOptionalNotNull()
  @IsEnum(ArticleVisibility)
  visibility?: ArticleVisibility;
}

@InputType()
export class VoteKnowledgeArticleInput {
  @Field(() => ID)
  @UuidInput()
  articleId!: string;

  @Field({ description: 'Whether it helped. Voting again replaces your vote.' })
  @IsBoolean({ message: 'helpful must be a boolean' })
  helpful!: boolean;
}

@InputType()
export class LinkArticleToCaseInput {
  @Field(() => ID)
  @UuidInput()
  caseId!: string;

  @Field(() => ID)
  @UuidInput()
  articleId!: string;
}

@InputType()
export class KnowledgeArticleFilter {
  @Field(() => ArticleStatus, { nullable: true })
  @IsOptional()
  @IsEnum(ArticleStatus)
  status?: ArticleStatus;

  @Field(() => ArticleVisibility, { nullable: true })
  @IsOptional()
  @IsEnum(ArticleVisibility)
  visibility?: ArticleVisibility;

  @Field(() => ID, { nullable: true })
  @UuidInput({ optional: true })
  categoryId?: string;
}

@ArgsType()
export class KnowledgeArticlesArgs extends ConnectionArgs {
  @FilterArg(() => KnowledgeArticleFilter)
  filter?: KnowledgeArticleFilter;
}

@ArgsType()
export class KnowledgeCategoriesArgs extends ConnectionArgs {}

@ArgsType()
export class SearchKnowledgeArgs extends ConnectionArgs {
  @Field({
    description: `Words as a person types them: "quoted phrases", or, -excluded. Any characters are taken as text. At most ${SEARCH_QUERY_MAX} characters.`,
  })
  @TrimmedString({ min: 1, max: SEARCH_QUERY_MAX })
  query!: string;

  @Field(() => ID, { nullable: true })
  @UuidInput({ optional: true })
  categoryId?: string;

  @Field(() => ArticleVisibility, { nullable: true })
  @IsOptional()
  @IsEnum(ArticleVisibility)
  visibility?: ArticleVisibility;
}
