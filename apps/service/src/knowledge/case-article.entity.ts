import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** An article that solved a case. */
@Entity('case_article')
@Index('case_article_article_idx', ['articleId'])
export class CaseArticleEntity {
  @PrimaryColumn('uuid')
  caseId!: string;

  @PrimaryColumn('uuid')
  articleId!: string;

  @Column('uuid', { nullable: true })
  linkedBy!: string | null;

  @Column('timestamptz')
  linkedAt!: Date;
}
