import { Module } from '@nestjs/common';
import { ScorecardRepository } from './scorecard.repository';
import { ScorecardResolver } from './scorecard.resolver';
import { ScorecardService } from './scorecard.service';

@Module({ providers: [ScorecardRepository, ScorecardService, ScorecardResolver] })
export class ScorecardsModule {}
