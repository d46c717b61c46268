import { CanRead, CanWrite, CurrentIdentity, identityOf, type Identity } from '@crm/auth';
import { PORTAL_TAG, ParseIdPipe, mapNodes, type GraphQLRequestContext, referenceId } from '@crm/graphql';
import { Args, Context, Directive, ID, Int, Mutation, Parent, Query, ResolveField, ResolveReference, Resolver } from '@nestjs/graphql';
import { SupportCase, toCase } from '../cases/case.object';
import {
  CreateKnowledgeArticleInput,
  CreateKnowledgeCategoryInput,
  KnowledgeArticlesArgs,
  KnowledgeCategoriesArgs,
  LinkArticleToCaseInput,
  SearchKnowledgeArgs,
  UpdateKnowledgeArticleInput,
  VoteKnowledgeArticleInput,
} from './knowledge.input';
import {
  KnowledgeArticle,
  KnowledgeArticleConnection,
  KnowledgeArticleVersion,
  KnowledgeCategory,
  KnowledgeCategoryConnection,
  KnowledgeSearchConnection,
  toKnowledgeArticle,
  toKnowledgeArticleVersion,
  toKnowledgeCategory,
} from './knowledge.object';
import { ARTICLES_PER_CASE, checkSuggestionCount, KnowledgeService, MAX_SUGGESTIONS, VERSIONS_LISTED } from './knowledge.service';

@CanRead('service')
@Resolver(() => KnowledgeArticle)
export class KnowledgeResolver {
  constructor(private readonly knowledge: KnowledgeService) {}

  @CanRead('service', { customer: true })
  @Directive(PORTAL_TAG)
  @Query(() => KnowledgeArticle, {
    nullable: true,
    description: 'An article by id, or null when there is none (for a customer: none that is published and public).',
  })
  async knowledgeArticle(
    @Args('id', { type: () => ID }, new ParseIdPipe('id')) id: string,
    @CurrentIdentity() caller: Identity,
  ): Promise<KnowledgeArticle | null> {
    const found = await this.knowledge.findById(caller, id);
    return found ? toKnowledgeArticle(found) : null;
  }

  /** `_entities` by key (search hits point at articles), batched, in the caller's scope; an unknown id answers null. */
  @ResolveReference()
  async resolveReference(@Parent() reference: { id?: unknown }, @Context() ctx: GraphQLRequestContext): Promise<KnowledgeArticle | null> {
    const id = referenceId(reference);
    if (!id) return null;
    const caller = identityOf(ctx.req);
    const found = await ctx.loaders.get('articleById', (ids) => this.knowledge.findByIds(caller, ids)).load(id);
    return found ? toKnowledgeArticle(found) : null;
  }

  @Query(() => KnowledgeArticleConnection, { description: 'Articles, most recently changed first, filtered, a page at a time.' })
  @CanRead('service', { customer: true })
  @Directive(PORTAL_TAG)
  async knowledgeArticles(@Args() args: KnowledgeArticlesArgs, @CurrentIdentity() caller: Identity): Promise<KnowledgeArticleConnection> {
    return mapNodes(await this.knowledge.page(caller, args), toKnowledgeArticle);
  }

  @Query(() => KnowledgeSearchConnection, {
    description: 'Full-text search of published articles, best match first (a title match ranks above a body match), with snippets.',
  })
  @CanRead('service', { customer: true })
  @Directive(PORTAL_TAG)
  async searchKnowledgeArticles(
    @Args() args: SearchKnowledgeArgs,
    @CurrentIdentity() caller: Identity,
  ): Promise<KnowledgeSearchConnection> {
    return mapNodes(await this.knowledge.search(caller, args), (hit) => ({
      article: toKnowledgeArticle(hit.article),
      snippet: hit.snippet,
      score: hit.score,
    }));
  }

  @Query(() => KnowledgeCategoryConnection, { description: 'Categories by name, a page at a time.' })
  @CanRead('service', { customer: true })
  @Directive(PORTAL_TAG)
  async knowledgeCategories(
    @Args() args: KnowledgeCategoriesArgs,
    @CurrentIdentity() caller: Identity,
  ): Promise<KnowledgeCategoryConnection> {
    return mapNodes(await this.knowledge.categories(caller, args), toKnowledgeCategory);
  }

  @CanWrite('service')
  @Mutation(() => KnowledgeCategory, { description: 'Creates a category; a name already taken is CONFLICT on name.' })
  async createKnowledgeCategory(
    @Args('input') input: CreateKnowledgeCategoryInput,
    @CurrentIdentity() caller: Identity,
  ): Promise<KnowledgeCategory> {
    return toKnowledgeCategory(await this.knowledge.createCategory(caller, input));
  }

  @CanWrite('service')
  @Mutation(() => KnowledgeArticle, {
    description: 'Writes a new DRAFT article (version 1); an unknown category is NOT_FOUND on categoryId.',
  })
  async createKnowledgeArticle(
    @Args('input') input: CreateKnowledgeArticleInput,
    @CurrentIdentity() caller: Identity,
  ): Promise<KnowledgeArticle> {
    return toKnowledgeArticle(await this.knowledge.create(caller, input));
  }

  @CanWrite('service')
  @Mutation(() => KnowledgeArticle, {
    description: 'Edits an article. An edit of a published article is a draft version that readers do not see until it is published.',
  })
  async updateKnowledgeArticle(
    @Args('input') input: UpdateKnowledgeArticleInput,
    @CurrentIdentity() caller: Identity,
  ): Promise<KnowledgeArticle> {
    return toKnowledgeArticle(await this.knowledge.update(caller, input));
  }

  @CanWrite('service')
  @Mutation(() => KnowledgeArticle, {
    description: 'Publishes the newest version: readers and search see it. CONFLICT when there is no draft to publish.',
  })
  async publishKnowledgeArticle(
    @Args('id', { type: () => ID }, new ParseIdPipe('id')) id: string,
    @CurrentIdentity() caller: Identity,
  ): Promise<KnowledgeArticle> {
    return toKnowledgeArticle(await this.knowledge.publish(caller, id));
  }

  @CanWrite('service')
  @Mutation(() => KnowledgeArticle, { description: 'Withdraws an article from readers and search; publishing it again brings it back.' })
  async archiveKnowledgeArticle(
    @Args('id', { type: () => ID }, new ParseIdPipe('id')) id: string,
    @CurrentIdentity() caller: Identity,
  ): Promise<KnowledgeArticle> {
    return toKnowledgeArticle(await this.knowledge.archive(caller, id));
  }

  @CanWrite('service')
  @Mutation(() => KnowledgeArticle, {
    description: 'Says whether a published article helped; one vote per user, voting again replaces it.',
  })
  async voteKnowledgeArticle(
    @Args('input') input: VoteKnowledgeArticleInput,
    @CurrentIdentity() caller: Identity,
  ): Promise<KnowledgeArticle> {
    return toKnowledgeArticle(await this.knowledge.vote(caller, input));
  }

  @CanWrite('service')
  @Mutation(() => SupportCase, {
    description: `Records a published article as what solved a case (again changes nothing); at most ${ARTICLES_PER_CASE} per case. Answers the case.`,
  })
  async linkArticleToCase(@Args('input') input: LinkArticleToCaseInput, @CurrentIdentity() caller: Identity): Promise<SupportCase> {
    return toCase(await this.knowledge.link(caller, input));
  }

  @ResolveField(() => [KnowledgeArticleVersion], { description: `Its newest versions, newest first, at most ${VERSIONS_LISTED}.` })
  async versions(
    @Parent() article: KnowledgeArticle,
    @Context() ctx: GraphQLRequestContext,
    @CurrentIdentity() caller: Identity,
  ): Promise<KnowledgeArticleVersion[]> {
    const versions = await ctx.loaders.get('articleVersions', (ids) => this.knowledge.versionsByArticleIds(caller, ids)).load(article.id);
    return versions.map(toKnowledgeArticleVersion);
  }
}

/** The articles that solved a case, and the ones that might, on `Case`. */
@CanRead('service')
@Resolver(() => SupportCase)
export class CaseArticlesResolver {
  constructor(private readonly knowledge: KnowledgeService) {}

  @ResolveField(() => [KnowledgeArticle], { description: `The knowledge-base articles that solved it, at most ${ARTICLES_PER_CASE}.` })
  async articles(
    @Parent() supportCase: SupportCase,
    @Context() ctx: GraphQLRequestContext,
    @CurrentIdentity() caller: Identity,
  ): Promise<KnowledgeArticle[]> {
    const articles = await ctx.loaders.get('caseArticles', (ids) => this.knowledge.articlesByCaseIds(caller, ids)).load(supportCase.id);
    return articles.map(toKnowledgeArticle);
  }

  @ResolveField(() => [KnowledgeArticle], {
    description: `Published articles that may answer it, best full-text match of its subject and description first (a title match above a body match); none when no word matches. first is 1 to ${MAX_SUGGESTIONS}, else BAD_USER_INPUT on first.`,
  })
  async suggestedArticles(
    @Parent() supportCase: SupportCase,
    @Args('first', { type: () => Int, defaultValue: 5, description: `How many, 1 to ${MAX_SUGGESTIONS}.` }) first: number,
    @Context() ctx: GraphQLRequestContext,
    @CurrentIdentity() caller: Identity,
  ): Promise<KnowledgeArticle[]> {
    checkSuggestionCount(first);
    const articles = await ctx.loaders
      .get(`suggestedArticles:${first}`, (ids) => this.knowledge.suggestedByCaseIds(caller, ids, first))
      .load(supportCase.id);
    return articles.map(toKnowledgeArticle);
  }
}
