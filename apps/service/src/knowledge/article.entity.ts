import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { ArticleStatus, ArticleVisibility } from './knowledge.enums';

/**
 * A knowledge-base article as readers see it: `title` and `body` are its published version's (its
 * draft's while it was never published). Later drafts live in kb_article_version until published.
 */
@Entity('kb_article')
@Index('kb_article_updated_idx', ['updatedAt', 'id'])
@Index('kb_article_category_idx', ['categoryId', 'updatedAt', 'id'])
// A GIN index the migration makes (TypeORM cannot describe one): the full-text search's.
@Index('kb_article_search_idx', { synchronize: false })
export class KnowledgeArticleEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { nullable: true })
  categoryId!: string | null;

  @Column('text')
  status!: ArticleStatus;

  @Column('text')
  visibility!: ArticleVisibility;

  @Column('text')
  title!: string;

  @Column('text')
  body!: string;

  /**
   * title (weight A) and body (weight B) as an English tsvector, written by the repository beside
   * them; never read into the application.
   */
  @Column({ type: 'tsvector', select: false, insert: false, update: false, nullable: true })
  search?: string;

  /** The version readers see; null until first published. */
  @Column('int', { nullable: true })
  publishedVersion!: number | null;

  /** The newest version: a draft waiting to be published when it is above publishedVersion. */
  @Column('int')
  latestVersion!: number;

  @Column('int', { default: 0 })
  helpfulCount!: number;

  @Column('int', { default: 0 })
  notHelpfulCount!: number;

  @Column('uuid', { nullable: true })
  createdBy!: string | null;

  @Column('timestamptz')
  createdAt!: Date;

  @Column('timestamptz')
  updatedAt!: Date;

  @Column('timestamptz', { nullable: true })
  publishedAt!: Date | null;
}
