import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LeadsModule } from '../leads/leads.module';
import { LeadScoreChangeEntity } from './lead-score-change.entity';
import { LeadScoreEntity } from './lead-score.entity';
import { ScoringRuleEntity } from './scoring-rule.entity';
import { ScoringConsumer } from './scoring.consumer';
import { ScoringRepository } from './scoring.repository';
import { ScoringResolver } from './scoring.resolver';
import { ScoringService } from './scoring.service';

export const SCORING_ENTITIES = [ScoringRuleEntity, LeadScoreEntity, LeadScoreChangeEntity];
export const SCORING_RESOLVERS = [ScoringResolver];

@Module({
  imports: [TypeOrmModule.forFeature(SCORING_ENTITIES), LeadsModule],
  providers: [ScoringRepository, ScoringService, ScoringResolver, ScoringConsumer],
})
export class ScoringModule {}
