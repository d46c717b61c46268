import type { Identity } from '@crm/auth';
import { randomUUID } from 'node:crypto';
import { CaseArticleLinked, KnowledgeArticleArchived, KnowledgeArticlePublished } from '@crm/contracts';
import { UnitOfWork, type Transaction } from '@crm/database';
import { ConflictError, InvalidError, NotFoundError } from '@crm/domain';
import { EventPublisher } from '@crm/events';
import { groupByKeys, isUuid, type ConnectionShape } from '@crm/graphql';
import { Injectable } from '@nestjs/common';
import type { CaseEntity } from '../cases/case.entity';
import { CaseService } from '../cases/case.service';
import type { KnowledgeCategoryEntity } from './article-category.entity';
import type { KnowledgeArticleVersionEntity } from './article-version.entity';
import type { KnowledgeArticleEntity } from './article.entity';
import { ArticleStatus } from './knowledge.enums';
import type {
  CreateKnowledgeArticleInput,
  CreateKnowledgeCategoryInput,
  KnowledgeArticlesArgs,
  KnowledgeCategoriesArgs,
  LinkArticleToCaseInput,
  SearchKnowledgeArgs,
  UpdateKnowledgeArticleInput,
  VoteKnowledgeArticleInput,
} from './knowledge.input';
import { ARTICLE_CURSORS, CATEGORY_CURSORS, KnowledgeRepository, SEARCH_CURSORS, type SearchHitRow } from './knowledge.repository';

/** Versions an article lists, newest first: the draft and recent history, bounded. */
export const VERSIONS_LISTED = 20;

/** Articles a case may be linked to, so `Case.articles` stays a bounded list. */
export const ARTICLES_PER_CASE = 20;

/** Suggestions a case may ask for at once: a short list to read, one bounded statement per page of cases. */
export const MAX_SUGGESTIONS = 10;

/** The check of `Case.suggestedArticles(first)`, made before the batch so that a bad one is BAD_USER_INPUT on first. */
export function checkSuggestionCount(first: number): void {
  if (!Number.isInteger(first) || first < 1 || first > MAX_SUGGESTIONS) {
    throw new InvalidError('first', `must be an integer from 1 to ${MAX_SUGGESTIONS}`);
  }
}

@Injectable()
export class KnowledgeService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly kb: KnowledgeRepository,
    private readonly events: EventPublisher,
    private readonly cases: CaseService,
  ) {}

  createCategory(caller: Identity, input: CreateKnowledgeCategoryInput): Promise<KnowledgeCategoryEntity> {
    const category: KnowledgeCategoryEntity = { id: randomUUID(), name: input.name, createdAt: new Date() };
    return this.uow.run(caller, async (tx) => {
      if (!(await this.kb.insertCategory(tx, category))) throw new ConflictError('name', `a category named "${input.name}" already exists`);
      return category;
    });
  }

  categories(caller: Identity, args: KnowledgeCategoriesArgs): Promise<ConnectionShape<KnowledgeCategoryEntity>> {
    return CATEGORY_CURSORS.page({ ...args, sort: 'NAME_ASC' }, (q) =>
      this.uow.run(caller, (tx) => this.kb.categories(tx, q.after, q.limit)),
    );
  }

  /** A new DRAFT, version 1. */
  create(caller: Identity, input: CreateKnowledgeArticleInput): Promise<KnowledgeArticleEntity> {
    const now = new Date();
    const article: KnowledgeArticleEntity = {
      id: randomUUID(),
      categoryId: input.categoryId ?? null,
      status: ArticleStatus.DRAFT,
      visibility: input.visibility,
      title: input.title,
      body: input.body,
      publishedVersion: null,
      latestVersion: 1,
      helpfulCount: 0,
      notHelpfulCount: 0,
      createdBy: caller.userId,
      createdAt: now,
      updatedAt: now,
      publishedAt: null,
    };
    return this.uow.run(caller, async (tx) => {
      if (article.categoryId) await this.mustHaveCategory(tx, article.categoryId);
      await this.kb.insertArticle(tx, article, this.versionOf(article.id, article, 1, caller, now));
      return article;
    });
  }

  /**
   * Title and body: a never-published article's draft is edited in place; once published, readers
   * keep the published version and the edit goes to the pending draft (a new version when there is
   * none). Category and visibility are not content: they apply at once.
   */
  update(caller: Identity, input: UpdateKnowledgeArticleInput): Promise<KnowledgeArticleEntity> {
    return this.uow.run(caller, async (tx) => {
      const article = await this.lock(tx, input.id, 'id');
      if (input.categoryId) await this.mustHaveCategory(tx, input.categoryId);
      const now = new Date();
      const patch: Partial<KnowledgeArticleEntity> = {};
      if (input.categoryId !== undefined && input.categoryId !== article.categoryId) patch.categoryId = input.categoryId;
      if (input.visibility !== undefined && input.visibility !== article.visibility) patch.visibility = input.visibility;
      if (input.title !== undefined || input.body !== undefined) {
        const hasDraft = article.publishedVersion === null || article.latestVersion > article.publishedVersion;
        const base = hasDraft ? await this.kb.version(tx, article.id, article.latestVersion) : null;
        const title = input.title ?? base?.title ?? article.title;
        const body = input.body ?? base?.body ?? article.body;
        if (title !== (base?.title ?? article.title) || body !== (base?.body ?? article.body)) {
          const version = hasDraft ? article.latestVersion : article.latestVersion + 1;
          await this.kb.saveVersion(tx, this.versionOf(article.id, { title, body }, version, caller, now));
          patch.latestVersion = version;
          if (article.publishedVersion === null) Object.assign(patch, { title, body });
        }
      }
      if (!Object.keys(patch).length) return article;
      patch.updatedAt = now;
      await this.kb.updateArticle(tx, article.id, patch);
      return { ...article, ...patch };
    });
  }

  /** Publishes the newest version; CONFLICT when it already is the published one and the article is PUBLISHED. */
  publish(caller: Identity, id: string): Promise<KnowledgeArticleEntity> {
    return this.uow.run(caller, async (tx) => {
      const article = await this.lock(tx, id, 'id');
      if (article.status === ArticleStatus.PUBLISHED && article.publishedVersion === article.latestVersion) {
        throw new ConflictError('id', `article ${id} has no draft to publish: version ${article.latestVersion} is already published`);
      }
      const version = (await this.kb.version(tx, id, article.latestVersion))!;
      const now = new Date();
      await this.kb.saveVersion(tx, { ...version, publishedAt: version.publishedAt ?? now });
      const patch: Partial<KnowledgeArticleEntity> = {
        status: ArticleStatus.PUBLISHED,
        title: version.title,
        body: version.body,
        publishedVersion: version.version,
        publishedAt: now,
        updatedAt: now,
      };
      await this.kb.updateArticle(tx, id, patch);
      const published = { ...article, ...patch };
      await this.events.publish(tx, KnowledgeArticlePublished, {
        articleId: id,
        version: version.version,
        title: version.title,
        visibility: published.visibility,
        categoryId: published.categoryId,
        publishedBy: caller.userId,
        publishedAt: now.toISOString(),
      });
      return published;
    });
  }

  /** Withdraws it from readers and search; archiving an archived article changes nothing. */
  archive(caller: Identity, id: string): Promise<KnowledgeArticleEntity> {
    return this.uow.run(caller, async (tx) => {
      const article = await this.lock(tx, id, 'id');
      if (article.status === ArticleStatus.ARCHIVED) return article;
      const now = new Date();
      const patch = { status: ArticleStatus.ARCHIVED, updatedAt: now };
      await this.kb.updateArticle(tx, id, patch);
      // Search across everything (analytics) indexes published articles from events: it drops this one.
      await this.events.publish(tx, KnowledgeArticleArchived, {
        articleId: id,
        title: article.title,
        archivedBy: caller.userId,
        archivedAt: now.toISOString(),
      });
      return { ...article, ...patch };
    });
  }

  /** One vote per user per article (voting again replaces it); only a PUBLISHED article takes votes. */
  vote(caller: Identity, input: VoteKnowledgeArticleInput): Promise<KnowledgeArticleEntity> {
    const userId = caller.userId;
    if (!userId) throw new InvalidError('articleId', 'only a signed-in user can vote');
    return this.uow.run(caller, async (tx) => {
      const article = await this.lock(tx, input.articleId, 'articleId');
      if (article.status !== ArticleStatus.PUBLISHED) {
        throw new ConflictError('articleId', `article ${article.id} is ${article.status}: only a published article takes votes`);
      }
      const previous = await this.kb.vote(tx, article.id, userId, input.helpful, new Date());
      if (previous === input.helpful) return article;
      const counts = {
        helpfulCount: article.helpfulCount + (input.helpful ? 1 : 0) - (previous === true ? 1 : 0),
        notHelpfulCount: article.notHelpfulCount + (input.helpful ? 0 : 1) - (previous === false ? 1 : 0),
      };
      await this.kb.updateArticle(tx, article.id, counts);
      return { ...article, ...counts };
    });
  }

  /** Records a PUBLISHED article as what solved a case; linking them again changes nothing. */
  link(caller: Identity, input: LinkArticleToCaseInput): Promise<CaseEntity> {
    return this.uow.run(caller, async (tx) => {
      const supportCase = await this.cases.lockLive(tx, input.caseId, 'caseId');
      const article = await this.lock(tx, input.articleId, 'articleId');
      if (article.status !== ArticleStatus.PUBLISHED) {
        throw new ConflictError('articleId', `article ${article.id} is ${article.status}: only a published article can be linked`);
      }
      if ((await this.kb.linkCount(tx, supportCase.id)) >= ARTICLES_PER_CASE) {
        throw new ConflictError('caseId', `case ${supportCase.id} already has ${ARTICLES_PER_CASE} articles, the most it may have`);
      }
      const linkedAt = new Date();
      if (await this.kb.link(tx, { caseId: supportCase.id, articleId: article.id, linkedBy: caller.userId, linkedAt })) {
        await this.events.publish(tx, CaseArticleLinked, {
          caseId: supportCase.id,
          customerId: supportCase.customerId,
          subject: supportCase.subject,
          productId: supportCase.productId,
          articleId: article.id,
          articleTitle: article.title,
          linkedBy: caller.userId,
          linkedAt: linkedAt.toISOString(),
        });
      }
      return supportCase;
    });
  }

  /** Reads run in the caller's transaction: a portal contact reads published public articles only. */
  findById(caller: Identity, id: string): Promise<KnowledgeArticleEntity | null> {
    return this.uow.run(caller, (tx) => this.kb.findArticle(tx, id));
  }

  /** For DataLoader (`_entities`): articles in the order asked, null for none, or one the caller may not read. */
  async findByIds(caller: Identity, ids: readonly string[]): Promise<(KnowledgeArticleEntity | null)[]> {
    const valid = ids.filter(isUuid);
    const rows = valid.length ? await this.uow.run(caller, (tx) => this.kb.findArticles(tx, valid)) : [];
    const byId = new Map(rows.map((a) => [a.id, a]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  page(caller: Identity, args: KnowledgeArticlesArgs): Promise<ConnectionShape<KnowledgeArticleEntity>> {
    return ARTICLE_CURSORS.page({ ...args, sort: 'UPDATED_AT_DESC' }, (q) =>
      this.uow.run(caller, (tx) => this.kb.page(tx, args.filter ?? {}, q.after, q.limit)),
    );
  }

  search(caller: Identity, args: SearchKnowledgeArgs): Promise<ConnectionShape<SearchHitRow>> {
    return SEARCH_CURSORS.page({ ...args, sort: 'SCORE_DESC' }, (q) =>
      this.uow.run(caller, (tx) =>
        this.kb.search(tx, args.query, { categoryId: args.categoryId, visibility: args.visibility }, q.after, q.limit),
      ),
    );
  }

  /** For DataLoader: the newest versions of each article, in the order of `articleIds`. */
  async versionsByArticleIds(caller: Identity, articleIds: readonly string[]): Promise<KnowledgeArticleVersionEntity[][]> {
    const rows = await this.uow.run(caller, (tx) => this.kb.versionsByArticleIds(tx, articleIds.filter(isUuid), VERSIONS_LISTED));
    return groupByKeys(articleIds, rows, (v) => v.articleId);
  }

  /** For DataLoader: the articles linked to each case, in the order of `caseIds`. */
  async articlesByCaseIds(caller: Identity, caseIds: readonly string[]): Promise<KnowledgeArticleEntity[][]> {
    const rows = await this.uow.run(caller, (tx) => this.kb.articlesByCaseIds(tx, caseIds.filter(isUuid)));
    return groupByKeys(caseIds, rows, (r) => r.caseId).map((list) => list.map((r) => r.article));
  }

  /** For DataLoader: each case's suggested articles, best first, in the order of `caseIds`. */
  async suggestedByCaseIds(caller: Identity, caseIds: readonly string[], first: number): Promise<KnowledgeArticleEntity[][]> {
    const rows = await this.uow.run(caller, (tx) => this.kb.suggestedByCaseIds(tx, caseIds.filter(isUuid), first));
    return groupByKeys(caseIds, rows, (r) => r.caseId).map((list) => list.map((r) => r.article));
  }

  private async lock(tx: Transaction, id: string, field: string): Promise<KnowledgeArticleEntity> {
    const found = await this.kb.lockArticle(tx, id);
    if (!found) throw new NotFoundError('KnowledgeArticle', id, field);
    return found;
  }

  private async mustHaveCategory(tx: Transaction, id: string): Promise<void> {
    if (!(await this.kb.categoryExists(tx, id))) throw new NotFoundError('KnowledgeCategory', id, 'categoryId');
  }

  private versionOf(
    articleId: string,
    content: { title: string; body: string },
    version: number,
    caller: Identity,
    at: Date,
  ): KnowledgeArticleVersionEntity {
    return { articleId, version, title: content.title, body: content.body, editedBy: caller.userId, editedAt: at, publishedAt: null };
  }
}
