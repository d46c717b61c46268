import { scopedCustomerId } from '@crm/auth';
import { hydrate, type Transaction } from '@crm/database';
import { KeysetCursors } from '@crm/graphql';
import { Injectable } from '@nestjs/common';
import { Any } from 'typeorm';
import { KnowledgeCategoryEntity } from './article-category.entity';
import { KnowledgeArticleVersionEntity } from './article-version.entity';
import { KnowledgeArticleEntity } from './article.entity';
import { CaseArticleEntity } from './case-article.entity';
import { ArticleStatus, ArticleVisibility } from './knowledge.enums';

export const ARTICLE_CURSORS = new KeysetCursors('knowledgeArticles', { UPDATED_AT_DESC: { updatedAt: 'timestamp', id: 'uuid' } });
export const CATEGORY_CURSORS = new KeysetCursors('knowledgeCategories', { NAME_ASC: { name: 'string', id: 'uuid' } });
/** Search hits, best first: the score is ts_rank scaled to an integer, so the cursor compares it exactly. */
export const SEARCH_CURSORS = new KeysetCursors('searchKnowledgeArticles', { SCORE_DESC: { score: 'integer', id: 'uuid' } });

/** The text-search configuration of titles, bodies and queries. */
const TS_CONFIG = 'english';
/** The title weighs A and the body B, so ts_rank puts a title match above a body match. */
const SEARCH_VECTOR = `setweight(to_tsvector('${TS_CONFIG}', title), 'A') || setweight(to_tsvector('${TS_CONFIG}', body), 'B')`;
/**
 * ts_headline marks matches with two control characters (taken out of the body first), so the
 * snippet can be HTML-escaped afterwards and the marks turned into <mark> tags: nothing the body
 * holds becomes markup.
 */
const [MARK_START, MARK_END] = ['\u0001', '\u0002'];
const HEADLINE_OPTIONS = `StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "`;

function snippetHtml(headline: string): string {
  return headline
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replaceAll(MARK_START, '<mark>')
    .replaceAll(MARK_END, '</mark>');
}

export interface ArticleFilter {
  status?: ArticleStatus;
  visibility?: ArticleVisibility;
  categoryId?: string;
}

export interface SearchHitRow {
  article: KnowledgeArticleEntity;
  snippet: string;
  score: number;
  id: string;
}

/** A portal contact (scoped to a customer) reads published public articles only; row-level security says the same. */
function readerFilter(tx: Transaction): { status?: ArticleStatus; visibility?: ArticleVisibility } {
  return scopedCustomerId(tx.caller) ? { status: ArticleStatus.PUBLISHED, visibility: ArticleVisibility.PUBLIC } : {};
}

/** Every statement runs in the caller's transaction, so the customer scope's row-level security applies. */
@Injectable()
export class KnowledgeRepository {
  /** false when the name is taken. */
  async insertCategory(tx: Transaction, c: KnowledgeCategoryEntity): Promise<boolean> {
    const rows = await tx.manager.query<unknown[]>(
      'INSERT INTO kb_category (id, name, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING RETURNING id',
      [c.id, c.name, c.createdAt],
    );
    return rows.length > 0;
  }

  categoryExists(tx: Transaction, id: string): Promise<boolean> {
    return tx.manager.getRepository(KnowledgeCategoryEntity).existsBy({ id });
  }

  categories(tx: Transaction, after: { name: string; id: string } | null, limit: number): Promise<KnowledgeCategoryEntity[]> {
    const qb = tx.manager.getRepository(KnowledgeCategoryEntity).createQueryBuilder('c');
    if (after) qb.where('(c.name, c.id) > (:name, :id)', after);
    return qb.orderBy('c.name', 'ASC').addOrderBy('c.id', 'ASC').limit(limit).getMany();
  }

  async insertArticle(tx: Transaction, a: KnowledgeArticleEntity, v: KnowledgeArticleVersionEntity): Promise<void> {
    await tx.manager.getRepository(KnowledgeArticleEntity).insert(a);
    await tx.manager.getRepository(KnowledgeArticleVersionEntity).insert(v);
    await this.reindex(tx, a.id);
  }

  findArticle(tx: Transaction, id: string): Promise<KnowledgeArticleEntity | null> {
    return tx.manager.getRepository(KnowledgeArticleEntity).findOneBy({ id, ...readerFilter(tx) });
  }

  /** findArticle for many ids in one statement. */
  findArticles(tx: Transaction, ids: string[]): Promise<KnowledgeArticleEntity[]> {
    return tx.manager.getRepository(KnowledgeArticleEntity).findBy({ id: Any(ids), ...readerFilter(tx) });
  }

  lockArticle(tx: Transaction, id: string): Promise<KnowledgeArticleEntity | null> {
    return tx.manager.getRepository(KnowledgeArticleEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** Writes the patch; the search vector follows when the title or body changed. */
  async updateArticle(tx: Transaction, id: string, patch: Partial<Omit<KnowledgeArticleEntity, 'id' | 'search'>>): Promise<void> {
    await tx.manager.getRepository(KnowledgeArticleEntity).update({ id }, patch);
    if (patch.title !== undefined || patch.body !== undefined) await this.reindex(tx, id);
  }

  version(tx: Transaction, articleId: string, version: number): Promise<KnowledgeArticleVersionEntity | null> {
    return tx.manager.getRepository(KnowledgeArticleVersionEntity).findOneBy({ articleId, version });
  }

  async saveVersion(tx: Transaction, v: KnowledgeArticleVersionEntity): Promise<void> {
    await tx.manager.getRepository(KnowledgeArticleVersionEntity).upsert(v, ['articleId', 'version']);
  }

  /** The newest `perArticle` versions of each article, newest first, in one statement. */
  versionsByArticleIds(tx: Transaction, ids: readonly string[], perArticle: number): Promise<KnowledgeArticleVersionEntity[]> {
    return tx.manager
      .getRepository(KnowledgeArticleVersionEntity)
      .createQueryBuilder('v')
      .where('v.articleId = ANY(:ids)', { ids })
      .andWhere('(SELECT count(*) FROM kb_article_version n WHERE n.article_id = v.article_id AND n.version > v.version) < :perArticle', {
        perArticle,
      })
      .orderBy('v.articleId')
      .addOrderBy('v.version', 'DESC')
      .getMany();
  }

  page(
    tx: Transaction,
    wanted: ArticleFilter,
    after: { updatedAt: Date; id: string } | null,
    limit: number,
  ): Promise<KnowledgeArticleEntity[]> {
    const qb = tx.manager.getRepository(KnowledgeArticleEntity).createQueryBuilder('a');
    const reader = readerFilter(tx);
    // A reader's own filter cannot widen what it may read: a filter outside it matches nothing.
    if (reader.status && wanted.status && wanted.status !== reader.status) return Promise.resolve([]);
    if (reader.visibility && wanted.visibility && wanted.visibility !== reader.visibility) return Promise.resolve([]);
    const filter = { ...wanted, ...reader };
    if (filter.status) qb.andWhere('a.status = :status', { status: filter.status });
    if (filter.visibility) qb.andWhere('a.visibility = :visibility', { visibility: filter.visibility });
    if (filter.categoryId) qb.andWhere('a.categoryId = :categoryId', { categoryId: filter.categoryId });
    if (after) qb.andWhere('(a.updatedAt, a.id) < (:afterTime, :afterId)', { afterTime: after.updatedAt, afterId: after.id });
    return qb.orderBy('a.updatedAt', 'DESC').addOrderBy('a.id', 'DESC').limit(limit).getMany();
  }

  /**
   * Published articles matching `query`, best first. websearch_to_tsquery reads the query as a
   * person types it and never fails on syntax: %, _, quotes and operators are text or its own
   * grammar, and a query of no words matches nothing.
   */
  async search(
    tx: Transaction,
    query: string,
    filter: Omit<ArticleFilter, 'status'>,
    after: { score: number; id: string } | null,
    limit: number,
  ): Promise<SearchHitRow[]> {
    const reader = readerFilter(tx);
    if (reader.visibility && filter.visibility && filter.visibility !== reader.visibility) return [];
    const visibility = reader.visibility ?? filter.visibility ?? null;
    const rows = await tx.manager.query<(Record<string, unknown> & { snippet: string; score: number })[]>(
      `WITH q AS (SELECT websearch_to_tsquery('${TS_CONFIG}', $1) AS q),
       hits AS (
         SELECT a.*, (ts_rank(a.search, q.q) * 1000000)::int AS score FROM kb_article a, q
         WHERE a.status = '${ArticleStatus.PUBLISHED}' AND a.search @@ q.q
           AND ($2::text IS NULL OR a.visibility = $2) AND ($3::uuid IS NULL OR a.category_id = $3)
       )
       SELECT a.*, ts_headline('${TS_CONFIG}', translate(a.body, $7, ''), q.q, $8) AS snippet
       FROM hits a, q
       WHERE $4::int IS NULL OR (a.score, $5::uuid) < ($4, a.id)
       ORDER BY a.score DESC, a.id ASC LIMIT $6`,
      [
        query,
        visibility,
        filter.categoryId ?? null,
        after?.score ?? null,
        after?.id ?? null,
        limit,
        MARK_START + MARK_END,
        HEADLINE_OPTIONS,
      ],
    );
    return rows.map((r) => ({
      article: hydrate(tx.manager, KnowledgeArticleEntity, r),
      snippet: snippetHtml(r.snippet),
      score: r.score,
      id: r.id as string,
    }));
  }

  /** Records the user's vote; answers the vote it replaced, or null for a first vote. */
  async vote(tx: Transaction, articleId: string, userId: string, helpful: boolean, at: Date): Promise<boolean | null> {
    const [previous] = await tx.manager.query<{ helpful: boolean }[]>(
      'SELECT helpful FROM kb_article_vote WHERE article_id = $1 AND user_id = $2 FOR UPDATE',
      [articleId, userId],
    );
    await tx.manager.query(
      `INSERT INTO kb_article_vote (article_id, user_id, helpful, voted_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (article_id, user_id) DO UPDATE SET helpful = EXCLUDED.helpful, voted_at = EXCLUDED.voted_at`,
      [articleId, userId, helpful, at],
    );
    return previous ? previous.helpful : null;
  }

  /** false when they were already linked. */
  async link(tx: Transaction, l: CaseArticleEntity): Promise<boolean> {
    const rows = await tx.manager.query<unknown[]>(
      `INSERT INTO case_article (case_id, article_id, linked_by, linked_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING RETURNING case_id`,
      [l.caseId, l.articleId, l.linkedBy, l.linkedAt],
    );
    return rows.length > 0;
  }

  async linkCount(tx: Transaction, caseId: string): Promise<number> {
    const [row] = await tx.manager.query<{ n: number }[]>('SELECT count(*)::int AS n FROM case_article WHERE case_id = $1', [caseId]);
    return row?.n ?? 0;
  }

  /** The articles linked to each case, oldest link first, in one statement; `caseId` says whose. */
  async articlesByCaseIds(tx: Transaction, caseIds: readonly string[]): Promise<{ caseId: string; article: KnowledgeArticleEntity }[]> {
    const rows = await tx.manager.query<(Record<string, unknown> & { linked_case_id: string })[]>(
      `SELECT l.case_id AS linked_case_id, a.* FROM case_article l JOIN kb_article a ON a.id = l.article_id
       WHERE l.case_id = ANY($1::uuid[]) ORDER BY l.case_id, l.linked_at, a.id`,
      [caseIds],
    );
    return rows.map((r) => ({ caseId: r.linked_case_id, article: hydrate(tx.manager, KnowledgeArticleEntity, r) }));
  }

  /**
   * Each case's best `limit` published articles by full-text match of its subject and description,
   * best first, in one statement. The case's words are OR-ed (plainto_tsquery ANDs them, and an
   * article rarely holds every word of a customer's sentence); ts_rank then prefers the articles
   * that hold more of them, a title match above a body match. A case of stop words only matches nothing.
   */
  async suggestedByCaseIds(
    tx: Transaction,
    caseIds: readonly string[],
    limit: number,
  ): Promise<{ caseId: string; article: KnowledgeArticleEntity }[]> {
    const rows = await tx.manager.query<(Record<string, unknown> & { suggested_for: string })[]>(
      `SELECT c.id AS suggested_for, a.*
       FROM support_case c
       CROSS JOIN LATERAL (
         SELECT NULLIF(replace(plainto_tsquery('${TS_CONFIG}', c.subject || ' ' || coalesce(c.description, ''))::text, ' & ', ' | '), '')::tsquery AS q
       ) words
       CROSS JOIN LATERAL (
         SELECT a.*, ts_rank(a.search, words.q) AS rank FROM kb_article a
         WHERE a.status = '${ArticleStatus.PUBLISHED}' AND a.search @@ words.q
         ORDER BY rank DESC, a.id ASC LIMIT $2
       ) a
       WHERE c.id = ANY($1::uuid[])
       ORDER BY c.id, a.rank DESC, a.id ASC`,
      [caseIds, limit],
    );
    return rows.map((r) => ({ caseId: r.suggested_for, article: hydrate(tx.manager, KnowledgeArticleEntity, r) }));
  }

  private async reindex(tx: Transaction, id: string): Promise<void> {
    await tx.manager.query(`UPDATE kb_article SET search = ${SEARCH_VECTOR} WHERE id = $1`, [id]);
  }
}
