import { z } from 'zod';
import { defineEvent } from './cloud-event';
import { Topics } from './topics';

const id = z.uuid();
const timestamp = z.iso.datetime({ offset: true });

/**
 * A version of a knowledge-base article became the one readers see. Not about a customer: keyed
 * by the article, so one article's versions stay in order. The body stays in service.
 */
export const KnowledgeArticlePublished = defineEvent({
  type: 'crm.service.knowledge-article.published.v1',
  topic: Topics.serviceKnowledgeArticle,
  source: 'crm.service',
  schema: z.object({
    articleId: id,
    version: z.number().int().positive(),
    title: z.string(),
    visibility: z.enum(['INTERNAL', 'PUBLIC']),
    categoryId: id.nullable(),
    publishedBy: id.nullable(),
    publishedAt: timestamp,
  }),
  subject: (d) => d.articleId,
});

/**
 * An article was withdrawn from readers: what indexes it (analytics' search) drops it until it is
 * published again. Archiving an archived article publishes nothing.
 */
export const KnowledgeArticleArchived = defineEvent({
  type: 'crm.service.knowledge-article.archived.v1',
  topic: Topics.serviceKnowledgeArticle,
  source: 'crm.service',
  schema: z.object({
    articleId: id,
    title: z.string(),
    archivedBy: id.nullable(),
    archivedAt: timestamp,
  }),
  subject: (d) => d.articleId,
});

export const ServiceKnowledgeEvents = [KnowledgeArticlePublished, KnowledgeArticleArchived];
