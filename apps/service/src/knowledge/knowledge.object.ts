import { Connection, PORTAL_TAG } from '@crm/graphql';
import { Directive, Field, ID, Int, ObjectType } from '@nestjs/graphql';
import type { KnowledgeCategoryEntity } from './article-category.entity';
import type { KnowledgeArticleVersionEntity } from './article-version.entity';
import type { KnowledgeArticleEntity } from './article.entity';
import { ArticleStatus, ArticleVisibility } from './knowledge.enums';

@ObjectType({ description: 'A knowledge-base article.' })
// An entity, so analytics' search hits resolve here.
@Directive('@key(fields: "id")')
export class KnowledgeArticle {
  @Directive(PORTAL_TAG)
  @Field(() => ID)
  id!: string;

  @Directive(PORTAL_TAG)
  @Field({ description: 'The published version’s title (the draft’s until first published).' })
  title!: string;

  @Directive(PORTAL_TAG)
  @Field({ description: 'The published version’s body, plain text (the draft’s until first published).' })
  body!: string;

  @Field(() => ArticleStatus)
  status!: ArticleStatus;

  @Field(() => ArticleVisibility)
  visibility!: ArticleVisibility;

  @Directive(PORTAL_TAG)
  @Field(() => ID, { nullable: true })
  categoryId!: string | null;

  @Field(() => Int, { nullable: true, description: 'The version readers see; null until first published.' })
  publishedVersion!: number | null;

  @Field(() => Int, { description: 'The newest version; above publishedVersion while a draft waits to be published.' })
  latestVersion!: number;

  @Directive(PORTAL_TAG)
  @Field(() => Int)
  helpfulCount!: number;

  @Directive(PORTAL_TAG)
  @Field(() => Int)
  notHelpfulCount!: number;

  @Field()
  createdAt!: Date;

  @Directive(PORTAL_TAG)
  @Field()
  updatedAt!: Date;

  @Directive(PORTAL_TAG)
  @Field(() => Date, { nullable: true })
  publishedAt!: Date | null;
}

@ObjectType()
export class KnowledgeArticleConnection extends Connection(KnowledgeArticle) {}

@ObjectType({ description: 'One version of an article’s content.' })
export class KnowledgeArticleVersion {
  @Field(() => Int)
  version!: number;

  @Field()
  title!: string;

  @Field()
  body!: string;

  @Field(() => ID, { nullable: true, description: 'The user who wrote this version.' })
  editedBy!: string | null;

  @Field()
  editedAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When it was published; null for a draft.' })
  publishedAt!: Date | null;
}

@ObjectType()
export class KnowledgeCategory {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field()
  createdAt!: Date;
}

@ObjectType()
export class KnowledgeCategoryConnection extends Connection(KnowledgeCategory) {}

@ObjectType({ description: 'A published article that matches a search, best first.' })
export class KnowledgeSearchHit {
  @Field(() => KnowledgeArticle)
  article!: KnowledgeArticle;

  @Field({
    description: 'Where the body matches, as HTML: the body’s text escaped, the matching words in <mark>…</mark>.',
  })
  snippet!: string;

  @Field(() => Int, { description: 'How well it matches (a title match counts more than a body match); higher is better.' })
  score!: number;
}

@ObjectType()
export class KnowledgeSearchConnection extends Connection(KnowledgeSearchHit) {}

export function toKnowledgeArticle(e: KnowledgeArticleEntity): KnowledgeArticle {
  return {
    id: e.id,
    title: e.title,
    body: e.body,
    status: e.status,
    visibility: e.visibility,
    categoryId: e.categoryId,
    publishedVersion: e.publishedVersion,
    latestVersion: e.latestVersion,
    helpfulCount: e.helpfulCount,
    notHelpfulCount: e.notHelpfulCount,
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
    publishedAt: e.publishedAt,
  };
}

export function toKnowledgeArticleVersion(e: KnowledgeArticleVersionEntity): KnowledgeArticleVersion {
  return { version: e.version, title: e.title, body: e.body, editedBy: e.editedBy, editedAt: e.editedAt, publishedAt: e.publishedAt };
}

export function toKnowledgeCategory(e: KnowledgeCategoryEntity): KnowledgeCategory {
  return { id: e.id, name: e.name, createdAt: e.createdAt };
}
