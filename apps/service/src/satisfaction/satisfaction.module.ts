import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CaseSatisfactionController } from './case-satisfaction.controller';
import { CaseSatisfactionEntity } from './case-satisfaction.entity';
import { CaseSatisfactionRepository } from './case-satisfaction.repository';
import { CaseSatisfactionResolver } from './case-satisfaction.resolver';
import { CaseSatisfactionService } from './case-satisfaction.service';
import { SurveySender } from './survey-sender';

@Module({
  imports: [TypeOrmModule.forFeature([CaseSatisfactionEntity])],
  controllers: [CaseSatisfactionController],
  providers: [CaseSatisfactionRepository, CaseSatisfactionService, CaseSatisfactionResolver, SurveySender],
  exports: [CaseSatisfactionService],
})
export class SatisfactionModule {}

export const SATISFACTION_ENTITIES = [CaseSatisfactionEntity];
