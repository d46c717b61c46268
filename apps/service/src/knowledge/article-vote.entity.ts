import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One user's vote on one article: voting again replaces it. */
@Entity('kb_article_vote')
export class KnowledgeArticleVoteEntity {
  @PrimaryColumn('uuid')
  articleId!: string;

  @PrimaryColumn('uuid')
  userId!: string;

  @Column('boolean')
  helpful!: boolean;

  @Column('timestamptz')
  votedAt!: Date;
}
