import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CasesModule } from '../cases/cases.module';
import { KnowledgeCategoryEntity } from './article-category.entity';
import { KnowledgeArticleVersionEntity } from './article-version.entity';
import { KnowledgeArticleVoteEntity } from './article-vote.entity';
import { KnowledgeArticleEntity } from './article.entity';
import { CaseArticleEntity } from './case-article.entity';
import { KnowledgeRepository } from './knowledge.repository';
import { CaseArticlesResolver, KnowledgeResolver } from './knowledge.resolver';
import { KnowledgeService } from './knowledge.service';

export const KNOWLEDGE_ENTITIES = [
  KnowledgeArticleEntity,
  KnowledgeArticleVersionEntity,
  KnowledgeCategoryEntity,
  KnowledgeArticleVoteEntity,
  CaseArticleEntity,
];

@Module({
  imports: [TypeOrmModule.forFeature(KNOWLEDGE_ENTITIES), CasesModule],
  providers: [KnowledgeRepository, KnowledgeService, KnowledgeResolver, CaseArticlesResolver],
})
export class KnowledgeModule {}
