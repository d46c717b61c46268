import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One version of an article's content; published ones are kept as its history. */
@Entity('kb_article_version')
export class KnowledgeArticleVersionEntity {
  @PrimaryColumn('uuid')
  articleId!: string;

  @PrimaryColumn('int')
  version!: number;

  @Column('text')
  title!: string;

  @Column('text')
  body!: string;

  @Column('uuid', { nullable: true })
  editedBy!: string | null;

  @Column('timestamptz')
  editedAt!: Date;

  @Column('timestamptz', { nullable: true })
  publishedAt!: Date | null;
}
